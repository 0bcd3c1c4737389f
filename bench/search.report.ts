import { f, ms, table, yes } from './report.format';
import type { Outcome } from './report';
import type { SearchResult } from './search.scenario';

/** Scenario 7 (search at catalog scale) in the bench report: its summary rows and detail section. */

const QUERY_TARGET = 'p99 ≤ 50 ms';
const LAG_TARGET = 'p99 ≤ 1 s';
const REBUILD_TARGET = '≤ 2 min';

export function searchRows(o: Outcome<SearchResult> | undefined): string[][] {
  const name = 'Search at catalog scale';
  if (!o) return [['7', name, 'not run', QUERY_TARGET, '—']];
  if ('error' in o) return [['7', name, `failed: ${o.error}`, QUERY_TARGET, '—']];
  const r = o.ok;
  const n = r.loaded.products.toLocaleString('en');
  const worst = Math.max(...r.queries.map((q) => q.result.p99));
  const failures = r.queries.reduce((sum, q) => sum + q.result.failures, 0);
  return [
    [
      '7',
      `Typical queries over ${n} products, ${r.settings.connections} concurrent clients`,
      r.queries.map((q) => `${q.name}: p50 ${ms(q.result.p50)}, p99 ${ms(q.result.p99)}`).join('; ') +
        (failures ? `; non-200: ${failures}` : ''),
      QUERY_TARGET,
      yes(worst <= 50 && failures === 0),
    ],
    [
      '7',
      `Index lag (write sent → searchable) at ${r.settings.lag.ratePerS} product writes/s`,
      `p50 ${f(r.lag.lag.p50)} ms, **p99 ${f(r.lag.lag.p99)} ms** at ${f(r.lag.achievedRate)} writes/s achieved` +
        (r.lag.unseen || r.lag.failed ? `; unseen ${r.lag.unseen}, failed ${r.lag.failed}` : ''),
      LAG_TARGET,
      yes(r.lag.lag.p99 <= 1_000 && r.lag.achievedRate >= 0.95 * r.settings.lag.ratePerS && r.lag.unseen === 0),
    ],
    [
      '7',
      `Full rebuild from the exports (${n} products, ${r.loaded.stock.toLocaleString('en')} stock records)`,
      r.rebuild.finished ? `**${f(r.rebuild.ms / 1000, 1)} s**` : `not finished after ${f(r.rebuild.ms / 1000, 0)} s`,
      REBUILD_TARGET,
      yes(r.rebuild.finished && r.rebuild.ms <= 120_000),
    ],
  ];
}

export function searchDetails(o: Outcome<SearchResult> | undefined): string[] {
  if (!o || 'error' in o) return [];
  const r = o.ok;
  const rows = r.queries.map((q) => [
    q.name,
    `\`${q.path}\``,
    q.total,
    q.correctedQuery ?? '—',
    f(q.result.throughput),
    ms(q.result.p50),
    ms(q.result.p99),
    ms(q.result.max),
    q.result.failures,
  ]);
  const l = r.lag;
  return [
    '### 7. Search at catalog scale',
    '',
    `- Catalog: ${r.loaded.products} generated products (every third with 5 to 8 variants), ${r.loaded.skus} SKUs, ` +
      `${r.loaded.stock} stock records in two warehouses, written to the catalog and inventory stores in ${f(r.loaded.ms / 1000, 1)} s; ` +
      `then the index rebuilt from \`products.export\` and \`inventory.export\` (${r.rebuild.job?.products ?? '—'} products, ` +
      `${r.rebuild.job?.stock ?? '—'} stock records) in ${f(r.rebuild.ms / 1000, 1)} s${r.rebuild.finished ? '' : ' (NOT finished)'}.`,
    `- Queries: ${r.settings.connections} keep-alive clients in a closed loop through the gateway, ` +
      `${r.settings.requests} requests per query after ${r.settings.warmupRequests} warm-up.`,
    '',
    table(['query', 'path', 'total', 'corrected', 'req/s', 'p50', 'p99', 'max', 'non-200'], rows),
    '',
    `- Lag: ${l.writes} renames through \`PATCH /api/products/:id\` at ${r.settings.lag.ratePerS}/s target ` +
      `(${f(l.achievedRate)}/s achieved, write p50 ${ms(l.write.p50)}, p99 ${ms(l.write.p99)}); each timed from sending ` +
      `to the poll (every 20 ms) that found the new name in the live index: p50 ${f(l.lag.p50)} ms, p99 ${f(l.lag.p99)} ms, ` +
      `max ${f(l.lag.max)} ms; unseen ${l.unseen}, failed ${l.failed}.`,
    '',
  ];
}
