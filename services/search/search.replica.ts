import { storeDatabaseName } from '../../config/stores';
import { openDataSource } from '../../mixins/store/postgres/postgres.connection';
import { sqlRunner, type SqlRunner } from '../../mixins/store/postgres/postgres.sql';
import { SEARCH_SESSION } from './search.index.ddl';

/**
 * The connection queries use when SEARCH_READ_URL names a read replica. Read-only: no database is
 * created and no migration runs (a hot standby refuses both). The URL's database wins; without one,
 * the search store's database name is used (a replica mirrors the primary's databases).
 */
export function replicaRunner(url: string, storePrefix: string, poolSize: number): { sql: SqlRunner; close(): Promise<void> } {
  const named = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const database = named || storeDatabaseName('search', storePrefix);
  const dataSource = openDataSource({ kind: 'server', url, database, poolSize }, { migrations: [] }, 'search-read');
  let opening: Promise<unknown> | undefined;
  const open = () => (opening ??= dataSource.initialize());
  const inner = sqlRunner(() => dataSource, SEARCH_SESSION);
  return {
    sql: {
      query: async (text, params) => (await open(), inner.query(text, params)),
      transaction: async (work) => (await open(), inner.transaction(work)),
    },
    close: async () => {
      if (opening) await opening.catch(() => undefined);
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
