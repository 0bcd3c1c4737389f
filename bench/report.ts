import type { CheckoutResult, CheckoutSettings } from './checkout.scenario';
import type { EventsResult, EventsSettings } from './events.scenario';
import type { GatewayResult, GatewaySettings } from './gateway.scenario';
import type { EngineResult, HotSkuSettings } from './hot-sku.scenario';
import type { Machine } from './machine';
import { checkoutDetails, checkoutRow, eventsDetails, eventsRow } from './report.flows';
import { f, ms, table, yes } from './report.format';
import type { StartupResult } from './startup.scenario';
import { promotionsDetails, promotionsRow, type PromotionsResult, type PromotionsSettings } from './promotions.scenario';
import { searchDetails, searchRows } from './search.report';
import type { SearchResult, SearchSettings } from './search.scenario';
import { shippingDetails, shippingRow, type ShippingResult, type ShippingSettings } from './shipping.scenario';

/** The bench's JSON document and its Markdown rendering. Targets are recorded beside the figures, never asserted. */

export type Outcome<T> = { ok: T } | { error: string };

export interface BenchReport {
  generatedAt: string;
  mode: 'quick' | 'full';
  wallTimeS: number;
  machine: Machine;
  settings: {
    gateway: GatewaySettings;
    checkout: CheckoutSettings;
    hotSku: HotSkuSettings;
    events: EventsSettings;
    embeddedStarts: number;
    promotions?: PromotionsSettings;
    search?: SearchSettings;
    shipping?: ShippingSettings;
  };
  scenarios: {
    gateway: Outcome<GatewayResult>;
    checkout: Outcome<CheckoutResult>;
    hotSku: Outcome<EngineResult[]>;
    events: Outcome<EventsResult>;
    startup: Outcome<StartupResult>;
    promotions?: Outcome<PromotionsResult>;
    search?: Outcome<SearchResult>;
    shipping?: Outcome<ShippingResult>;
  };
}

function summaryRows(r: BenchReport): string[][] {
  const rows: string[][] = [];
  const { gateway, hotSku, startup } = r.scenarios;
  if ('ok' in gateway) {
    const { platform: p, bare: b, throughputRatio } = gateway.ok;
    rows.push([
      '1',
      `Product GET, cache hit, ${gateway.ok.settings.connections} connections`,
      `platform ${f(p.throughput)} req/s (p50 ${ms(p.p50Ms)}, p99 ${ms(p.p99Ms)}) vs bare moleculer-web ${f(b.throughput)} req/s ` +
        `(p50 ${ms(b.p50Ms)}, p99 ${ms(b.p99Ms)}): ratio **${f(throughputRatio, 2)}**` +
        (p.failures + b.failures ? `; non-200: ${p.failures} platform, ${b.failures} bare` : ''),
      'ratio ≥ 0.8, p99 ≤ 10 ms',
      yes(throughputRatio >= 0.8 && p.p99Ms <= 10 && p.failures === 0),
    ]);
  } else rows.push(['1', 'Product GET, cache hit', `failed: ${gateway.error}`, 'ratio ≥ 0.8, p99 ≤ 10 ms', '—']);
  rows.push(checkoutRow(r.scenarios.checkout));
  if ('ok' in hotSku) {
    for (const e of hotSku.ok) {
      const name = `Hot SKU on ${e.engine}: ${r.settings.hotSku.concurrent} concurrent reservations, stock ${r.settings.hotSku.stock}`;
      if (!e.platform || !e.raw || !e.store) {
        rows.push(['3', name, `not measured: ${e.skipped}`, '—', '—']);
        continue;
      }
      const p = e.platform;
      const pg = e.engine === 'PostgreSQL';
      rows.push([
        '3',
        name,
        `platform ${f(p.throughput)} reservations/s, held ${p.successes}/${r.settings.hotSku.stock * r.settings.hotSku.rounds}, ` +
          `oversell **${p.oversell}**, final available ${p.minFinalAvailable}${p.errors ? `, errors ${p.errors}` : ''}; ` +
          `raw conditional update ${f(e.raw.throughput)}/s (oversell ${e.raw.oversell}): ratio **${f(e.ratioToRaw, 2)}**; ` +
          `store contract ${f(e.store.throughput)}/s`,
        `oversell 0, held = stock${pg ? '; ratio ≥ 0.5' : ''}`,
        yes(p.oversell === 0 && p.exact && p.minFinalAvailable >= 0 && (!pg || (e.ratioToRaw ?? 0) >= 0.5)),
      ]);
    }
  } else rows.push(['3', 'Hot SKU', `failed: ${hotSku.error}`, 'oversell 0', '—']);
  rows.push(eventsRow(r.scenarios.events));
  if ('ok' in startup) {
    const s = startup.ok;
    const first = s.runs[0];
    rows.push([
      '5',
      'Embedded start (`scripts/start.ts`) to 200 on /api/health: fresh DATA_DIR, then again on it',
      `**${f(s.medianHealthyMs / 1000, 1)} s** fresh, **${f(s.medianWarmHealthyMs / 1000, 1)} s** again${s.runs.length > 1 ? ` (medians of ${s.runs.length})` : ''}; fresh seeded and "Ready" at ${f((first.readyMs ?? NaN) / 1000, 1)} s`,
      '≤ 15 s',
      yes(s.medianHealthyMs <= 15_000),
    ]);
  } else rows.push(['5', 'Embedded start to healthy', `failed: ${startup.error}`, '≤ 15 s', '—']);
  rows.push(['5', 'Resident memory per node', memoryLine(r), 'recorded', '—']);
  if (r.scenarios.promotions) rows.push(promotionsRow(r.scenarios.promotions));
  if (r.scenarios.search) rows.push(...searchRows(r.scenarios.search));
  if (r.scenarios.shipping) rows.push(shippingRow(r.scenarios.shipping));
  return rows;
}

function memoryLine(r: BenchReport): string {
  const parts: string[] = [];
  const { gateway, hotSku, startup } = r.scenarios;
  if ('ok' in startup) {
    const run = startup.ok.runs[0];
    const jvm = run.children.map((c) => `${c.name} ${f(c.memory?.rssMiB)} MiB`).join(', ');
    parts.push(`embedded node ${f(run.nodeAfterReady?.rssMiB)} MiB once seeded${jvm ? ` (+ ${jvm})` : ''}`);
  }
  if ('ok' in gateway) {
    const { platform: p, bare: b } = gateway.ok;
    parts.push(`cluster node api+products ${f(p.memory?.rssMiB)} MiB after load (peak ${f(p.memory?.peakRssMiB)})`);
    parts.push(`bare gateway ${f(b.memory?.rssMiB)} MiB`);
  }
  if ('ok' in hotSku)
    for (const e of hotSku.ok)
      if (e.nodeRssMiB) parts.push(`inventory node on ${e.engine} ${e.nodeRssMiB} MiB (with its 1,000 in-flight calls)`);
  return parts.join('; ');
}

function details(r: BenchReport): string[] {
  const out: string[] = [];
  const { gateway, hotSku, startup } = r.scenarios;
  if ('ok' in gateway) {
    const t = (name: string, x: GatewayResult['platform']) => [
      name,
      f(x.throughput),
      ms(x.p50Ms),
      ms(x.p99Ms),
      ms(x.maxMs),
      x.requests,
      x.failures,
      x.bytesPerResponse,
      `${f(x.memory?.rssMiB)} (${f(x.memory?.peakRssMiB)})`,
    ];
    out.push('### 1. Product GET through the gateway', '');
    out.push(
      table(
        ['target', 'req/s', 'p50', 'p99', 'max', 'requests', 'non-200', 'bytes/response', 'RSS MiB (peak)'],
        [t('platform: api + products, Redis cache hit', gateway.ok.platform), t('bare moleculer-web, constant', gateway.ok.bare)],
      ),
      '',
    );
    // Little's law for a closed loop: the latency target is also a throughput target.
    const c = gateway.ok.settings.connections;
    const mean = (x: GatewayResult['platform']) => ms((c / x.throughput) * 1000);
    out.push(
      `- Closed loop: mean latency = connections / throughput, here ${mean(gateway.ok.platform)} (platform) and ${mean(gateway.ok.bare)} (bare); ` +
        `a p99 ≤ 10 ms at ${c} connections needs well over ${f(c * 100)} req/s. The load generator shares the machine's cores. ` +
        `p50/p99 are the worst round's.`,
      '',
    );
  }
  out.push(...checkoutDetails(r.scenarios.checkout));
  if ('ok' in hotSku) {
    out.push('### 3. Hot SKU', '');
    const rows = hotSku.ok.flatMap((e) =>
      (['platform', 'store', 'raw'] as const).flatMap((k) => {
        const p = e[k];
        if (!p) return [];
        const label = { platform: 'inventory.reserve via broker', store: 'store contract update+where', raw: 'raw driver' }[k];
        return [
          [
            e.engine,
            label,
            f(p.throughput),
            ms(p.p50Ms),
            ms(p.p99Ms),
            p.successes,
            p.refused,
            p.errors,
            p.oversell,
            p.minFinalAvailable,
          ],
        ];
      }),
    );
    out.push(
      table(['engine', 'path', 'ops/s', 'p50', 'p99', 'held', 'refused', 'errors', 'oversell', 'final available'], rows),
      '',
    );
    for (const e of hotSku.ok) if (e.rawDescription) out.push(`- ${e.engine} raw: \`${e.rawDescription}\``);
    const samples = hotSku.ok.flatMap((e) => [e.platform, e.store, e.raw].flatMap((p) => p?.errorSamples ?? []));
    if (samples.length) out.push(`- error samples: ${samples.map((s) => `\`${s}\``).join(', ')}`);
    out.push('');
  }
  out.push(...eventsDetails(r.scenarios.events));
  if ('ok' in startup) {
    out.push('### 5. Embedded start-up and memory', '');
    const rows = startup.ok.runs.map((run, i) => [
      i + 1,
      `${f(run.healthyMs / 1000, 2)}, ${f(run.warmHealthyMs / 1000, 2)}`,
      f((run.readyMs ?? NaN) / 1000, 2),
      f(run.node?.rssMiB),
      f(run.nodeAfterReady?.rssMiB),
      run.children.map((c) => `${c.name} ${f(c.memory?.rssMiB)}`).join(', ') || '—',
    ]);
    const head = ['run', 'healthy s, again', 'ready s', 'RSS MiB at healthy', 'RSS MiB when ready', 'children RSS MiB'];
    out.push(table(head, rows), '');
  }
  out.push(...promotionsDetails(r.scenarios.promotions));
  out.push(...searchDetails(r.scenarios.search));
  out.push(...shippingDetails(r.scenarios.shipping));
  return out;
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const versions = Object.entries({ ...m.packages }).map(([k, v]) => `${k} ${v}`);
  const servers = Object.entries(m.servers).map(([k, v]) => `${k} ${v}`);
  const g = r.settings.gateway;
  const c = r.settings.checkout;
  const h = r.settings.hotSku;
  const e = r.settings.events;
  return [
    `## Bench (${r.mode}), ${r.generatedAt}, ${f(r.wallTimeS, 0)} s wall time`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; load average at start ${m.loadAverage.join(' / ')}`,
    `- Node ${m.node}; ${versions.join(', ')}`,
    `- Servers on loopback: ${servers.join(', ')}`,
    `- Settings: scenario 1 ${g.connections} connections, ${g.rounds} round(s) × ${g.requests} requests per target after ${g.warmupRequests} warm-up; ` +
      `scenario 2 ${c.orders} orders at ${c.concurrency} in flight after ${c.warmup} warm-up and ${c.single} one at a time, ` +
      `${c.skus} SKUs, order polled every ${c.pollMs} ms; ` +
      `scenario 3 ${h.concurrent} concurrent × ${h.rounds} round(s), stock ${h.stock}, one fresh SKU per path and round; ` +
      `scenario 4 ${e.events} events at ${e.concurrency} in flight, then ${e.latencyEvents} one at a time; ` +
      `scenario 5 ${r.settings.embeddedStarts} start(s). Targets are recorded, not asserted.`,
    '',
    table(['#', 'scenario', 'result', 'target', 'met'], summaryRows(r)),
    '',
    ...details(r),
  ].join('\n');
}
