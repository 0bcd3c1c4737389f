import { searchDriftSuite } from './search.drift.suite';

/** The search store on PGlite (embedded mode's engine) inside a cluster node; the other stores on the server. */
searchDriftSuite({ label: 'PGlite', setup: async () => ({ STORE_SEARCH: 'pglite' }), teardown: async () => undefined });
