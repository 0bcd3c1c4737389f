import { cartsSuite } from './carts.suite';

// startPlatform puts every store on the PostgreSQL server unless told otherwise.
cartsSuite({ label: 'PostgreSQL', setup: async () => ({ STORE_CARTS: 'postgres' }), teardown: async () => undefined });
