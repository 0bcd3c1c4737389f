import { catalogListingSuite } from './catalog-listing.suite';

// startPlatform puts every store on the PostgreSQL server by default.
catalogListingSuite('postgresql', 'postgres', async () => ({ env: { STORE_CATALOG: 'postgres' }, stop: async () => undefined }));
