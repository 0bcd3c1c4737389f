import { rebuildSuite } from './rebuild.suite';

rebuildSuite('PostgreSQL server', {});
