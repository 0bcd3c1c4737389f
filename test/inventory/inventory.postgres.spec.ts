import { inventorySuite } from './inventory.suite';

// startPlatform puts every store on the PostgreSQL server unless told otherwise.
inventorySuite({ label: 'PostgreSQL', setup: async () => ({ STORE_INVENTORY: 'postgres' }), teardown: async () => undefined });
