import { resultOfNode } from './cleanup';
import type { Latency } from './latency';
import { f, ms, table } from './report.format';
import type { Outcome } from './report';

/** Scenario 8: `shipping.quote` for a 30-line cart against 500 zones and 50 methods (PostgreSQL). */

export interface ShippingSettings {
  /** Timed calls, one at a time, after `warmup` untimed ones. */
  calls: number;
  warmup: number;
}

/** The quick and full settings, read by `npm run bench` and bench/shipping.run.ts. */
export const SHIPPING_SETTINGS: Record<'quick' | 'full', ShippingSettings> = {
  quick: { calls: 200, warmup: 50 },
  full: { calls: 1_000, warmup: 100 },
};

export interface ShippingResult {
  quote: Latency;
  /** The cart's address matched the zone written to be its most specific. */
  zoneMatched: boolean;
  /** The options the cart got, `name price`. */
  options: string[];
  seededMs: number;
  rssMiB: number;
}

export async function shippingScenario(s: ShippingSettings, log: (line: string) => void): Promise<ShippingResult> {
  const r = await resultOfNode<ShippingResult>('bench/shipping.node.ts', [String(s.calls), String(s.warmup)], log);
  log(`  quote p50 ${ms(r.quote.p50Ms)} p99 ${ms(r.quote.p99Ms)} max ${ms(r.quote.maxMs)}; ${r.options.length} options`);
  return r;
}

const NAME = 'Shipping quote (`shipping.quote`, 30 lines, address set): 500 zones, 50 methods';

export function shippingRow(o: Outcome<ShippingResult> | undefined): string[] {
  if (!o) return ['8', NAME, 'not run', 'recorded', '—'];
  if ('error' in o) return ['8', NAME, `failed: ${o.error}`, 'recorded', '—'];
  const { quote } = o.ok;
  return ['8', NAME, `p50 **${ms(quote.p50Ms)}**, p99 **${ms(quote.p99Ms)}**`, 'recorded', '—'];
}

export function shippingDetails(o: Outcome<ShippingResult> | undefined): string[] {
  if (!o || 'error' in o) return [];
  const r = o.ok;
  return [
    '### 8. Shipping quotes',
    '',
    table(
      ['cart', 'p50', 'p99', 'max', 'calls'],
      [['30 lines, DE BY 80331', ms(r.quote.p50Ms), ms(r.quote.p99Ms), ms(r.quote.maxMs), r.quote.calls]],
    ),
    '',
    `- One call at a time through the broker (in-process, system principal), both shipping stores on the PostgreSQL server; ` +
      `a dozen zones cover the address at every specificity (country, region, prefix, range, pattern, exclusions); ` +
      `the most specific ${r.zoneMatched ? 'won' : 'did NOT win'}; options: ${r.options.join(', ') || 'none'}. ` +
      `Every call also stores its options as quotes. p99 is the median of 5 rounds' p99s; ` +
      `seeding took ${f(r.seededMs / 1000, 1)} s; node RSS ${r.rssMiB} MiB.`,
    '',
  ];
}
