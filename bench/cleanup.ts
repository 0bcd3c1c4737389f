/**
 * Drops the databases of a bench node's store prefix. A node drops its own when it stops; this is
 * for a node that had to be killed, so a failed run leaves nothing on the server either.
 */
export { dropDatabases } from '../test/support/platform';
