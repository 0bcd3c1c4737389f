import { rebuildSuite } from './rebuild.suite';

// The embedded engine: the same SQL on PGlite (one connection: the switch's lock and the writers take turns).
rebuildSuite('PGlite', { STORE_SEARCH: 'pglite' });
