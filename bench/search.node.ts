/**
 * Scenario 7's node (a child process; argv: products). A cluster node through the test harness
 * (NATS, Redis, every store on the PostgreSQL server) running the gateway, auth, the catalog,
 * inventory and search. Loads the generated catalog into the catalog and inventory stores
 * (search.catalog.ts), then times a full rebuild of the index from the services' exports (what
 * `POST /api/admin/search/reindex` starts). Reports, serves the parent's queries and writes, and
 * stops when its stdin closes, dropping its databases.
 */
import { Client } from 'pg';
import { storeDatabaseName } from '../config/stores';
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { RebuildJob } from '../services/search/search.rebuild.domain';
import { ADMIN_PASSWORD } from '../test/support/identities';
import { startPlatform } from '../test/support/platform';
import { report, untilStdinEnds } from './children';
import { loadCatalog } from './search.catalog';

const asSystem = { meta: { user: SYSTEM_PRINCIPAL } };
/** A rebuild past this is reported as unfinished rather than waited for. */
const REBUILD_LIMIT_MS = 15 * 60_000;

export interface SearchNodeReport {
  api: string;
  prefix: string;
  adminPassword: string;
  loaded: { products: number; skus: number; stock: number; ms: number };
  rebuild: { ms: number; finished: boolean; job: RebuildJob | null };
  /** Active products' ids, for the lag run's writes. */
  activeIds: string[];
}

async function rebuild(call: <T>(action: string, params?: object) => Promise<T>): Promise<SearchNodeReport['rebuild']> {
  const started = Date.now();
  const { job } = await call<{ job: RebuildJob }>('search.reindex');
  for (;;) {
    const now = await call<RebuildJob>('search.reindexStatus', { id: job.id });
    if (now.state !== 'running') return { ms: Date.now() - started, finished: now.state === 'done', job: now };
    if (Date.now() - started > REBUILD_LIMIT_MS) return { ms: Date.now() - started, finished: false, job: now };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A kept run's catalog (search.run.ts --reuse): its active ids, read from the index the rebuild just made. */
async function reusedCatalog(prefix: string): Promise<Awaited<ReturnType<typeof loadCatalog>>> {
  const db = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${storeDatabaseName('search', prefix)}` });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM search_docs WHERE status = 'active' ORDER BY id`);
    const { rows: n } = await db.query<{ products: number; skus: number }>(
      `SELECT count(*)::int AS products, sum(cardinality(skus))::int AS skus FROM search_docs WHERE status <> 'deleted'`,
    );
    return { products: n[0].products, skus: n[0].skus, stock: 0, ms: 0, activeIds: rows.map((r) => r.id) };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const reuse = process.argv[3];
  // Request logs at info would be kept in memory for the whole run; the bench needs none.
  const platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], {
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD,
    // A kept run is reopened later: its sealed PII needs the same key (a throwaway bench key, no secret).
    ...(process.env.BENCH_KEEP_DATABASES === '1' ? { PII_KEYS: `p1:${Buffer.alloc(32, 7).toString('base64')}` } : {}),
    ...(reuse ? { STORE_PREFIX: reuse } : {}),
  });
  const call = <T>(action: string, params: object = {}) => platform.broker.call<T, object>(action, params, asSystem);
  const fresh = reuse ? null : await loadCatalog(platform.broker, count);
  const rebuilt = await rebuild(call);
  const { activeIds, ...loaded } = fresh ?? (await reusedCatalog(reuse!));
  const out: SearchNodeReport = {
    api: platform.api,
    prefix: process.env.STORE_PREFIX!,
    adminPassword: ADMIN_PASSWORD,
    loaded,
    rebuild: rebuilt,
    activeIds: activeIds.slice(0, 20_000),
  };
  report(out);
  await untilStdinEnds();
  // Kept for a later --reuse: only the broker stops (stop() would drop the databases).
  if (process.env.BENCH_KEEP_DATABASES === '1') await platform.broker.stop();
  else await platform.stop();
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
