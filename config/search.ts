import { envReader, type Env } from './env';

export interface SearchConfig {
  /** A read replica of the search database: queries go there, the projection writes to the primary. */
  readUrl?: string;
  /** How long a rebuild's hold on its job lasts unless renewed (every page); a killed node's job is taken over after it. */
  rebuildLeaseMs: number;
  /** Rows per export page a rebuild reads from the catalog and inventory. */
  rebuildPage: number;
}

/** The search index's knobs (SEARCH_READ_URL, SEARCH_REBUILD_LEASE_MS, SEARCH_REBUILD_PAGE); read once per service start. */
export function searchConfig(env: Env = process.env): SearchConfig {
  const e = envReader(env);
  return {
    readUrl: e.url('SEARCH_READ_URL', ['postgres', 'postgresql']),
    rebuildLeaseMs: e.int('SEARCH_REBUILD_LEASE_MS', 15_000, 500, 600_000),
    rebuildPage: e.int('SEARCH_REBUILD_PAGE', 1_000, 1, 1_000),
  };
}
