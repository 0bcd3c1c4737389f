import { ADMIN_EMAIL } from '../test/support/identities';
import { spawnBench } from './children';
import { dropDatabases } from './cleanup';
import { httpLoad, type HttpLoadResult } from './load';
import { lagRun, type LagResult, type LagSettings } from './search.lag';
import type { SearchNodeReport } from './search.node';

/**
 * Scenario 7: search as a read model at catalog scale. A node (search.node.ts) loads `products`
 * generated products (every third with 5+ variants) and rebuilds the index from the exports
 * (timed); then typical queries run at `connections` concurrent clients from this process, one
 * query at a time; then the index lag under `lag.ratePerS` product writes per second.
 */

export interface SearchSettings {
  products: number;
  connections: number;
  /** Measured requests per query, after `warmupRequests`. */
  requests: number;
  warmupRequests: number;
  maxDurationMs: number;
  lag: LagSettings;
}

/** Scenario 7's settings, for `npm run bench` and `bench/search.run.ts` alike. */
export const SEARCH_SETTINGS: { quick: SearchSettings; full: SearchSettings } = {
  quick: {
    products: 10_000,
    connections: 16,
    requests: 500,
    warmupRequests: 100,
    maxDurationMs: 20_000,
    lag: { ratePerS: 200, durationS: 5, maxInFlight: 64 },
  },
  full: {
    products: 100_000,
    connections: 16,
    requests: 3_000,
    warmupRequests: 300,
    maxDurationMs: 60_000,
    lag: { ratePerS: 200, durationS: 20, maxInFlight: 64 },
  },
};

/** Typical queries: what a shop's search box and category pages send. */
export const SEARCH_QUERIES: { name: string; path: string }[] = [
  { name: 'one word', path: '/search?q=kettle' },
  { name: 'two words + filter', path: '/search?q=leather%20boots&maxPrice=20000' },
  { name: 'typo', path: '/search?q=hedphones' },
  { name: 'facets only (category, in stock)', path: '/search?category=electronics&inStock=true&pageSize=1' },
  { name: 'listing GET /api/products by category', path: '/products?category=home&sort=price' },
];

export interface QueryResult {
  name: string;
  path: string;
  total: number;
  correctedQuery: string | null;
  result: HttpLoadResult;
}

export interface SearchResult {
  settings: SearchSettings;
  loaded: SearchNodeReport['loaded'];
  rebuild: SearchNodeReport['rebuild'];
  queries: QueryResult[];
  lag: LagResult;
}

async function token(api: string, password: string): Promise<string> {
  const res = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password }),
  });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Keep the node's databases (`keep`), or run over those of an earlier kept run (`reuse`: its store prefix). */
export interface ReuseOptions {
  keep?: boolean;
  reuse?: string;
}

export async function searchScenario(
  s: SearchSettings,
  log: (line: string) => void,
  o: ReuseOptions = {},
): Promise<SearchResult> {
  const env: Record<string, string> = o.keep ? { BENCH_KEEP_DATABASES: '1' } : {};
  const node = spawnBench('bench/search.node.ts', [String(s.products), ...(o.reuse ? [o.reuse] : [])], env, true);
  let prefix: string | undefined;
  try {
    const r = await node.next<SearchNodeReport>(30 * 60_000);
    prefix = r.prefix;
    log(
      `  loaded ${r.loaded.products} products, ${r.loaded.skus} SKUs, ${r.loaded.stock} stock rows in ${(r.loaded.ms / 1000).toFixed(1)} s; ` +
        `rebuild ${r.rebuild.finished ? 'done' : 'NOT finished'} in ${(r.rebuild.ms / 1000).toFixed(1)} s`,
    );
    const queries: QueryResult[] = [];
    for (const q of SEARCH_QUERIES) {
      const url = `${r.api}${q.path}`;
      const first = await fetch(url);
      const body = (await first.json()) as { total?: number; correctedQuery?: string | null };
      if (first.status !== 200) throw new Error(`${q.path} answered ${first.status}: ${JSON.stringify(body)}`);
      const load = { url, connections: s.connections, maxDurationMs: s.maxDurationMs };
      await httpLoad({ ...load, requests: s.warmupRequests });
      const result = await httpLoad({ ...load, requests: s.requests });
      log(`  ${q.name}: ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
      queries.push({ ...q, total: body.total ?? 0, correctedQuery: body.correctedQuery ?? null, result });
    }
    const lag = await lagRun(s.lag, r.api, await token(r.api, r.adminPassword), r.prefix, r.activeIds);
    log(
      `  lag at ${lag.achievedRate.toFixed(0)} writes/s: p50 ${lag.lag.p50.toFixed(0)} ms, p99 ${lag.lag.p99.toFixed(0)} ms ` +
        `(writes p99 ${lag.write.p99.toFixed(0)} ms, unseen ${lag.unseen}, failed ${lag.failed})`,
    );
    return { settings: s, loaded: r.loaded, rebuild: r.rebuild, queries, lag };
  } finally {
    await node.stop(60_000);
    if (o.keep && prefix) log(`  kept the databases: --reuse ${prefix}`);
    const left = prefix && !o.keep ? await dropDatabases(prefix) : 0;
    if (left) log(`  dropped ${left} database(s) the node left behind (${prefix})`);
  }
}
