import { resultOfNode } from './cleanup';
import { f, ms, table, yes } from './report.format';
import type { Latency } from './latency';
import type { Outcome } from './report';

/** Scenario 6: cart pricing (`discounts.price`) with 1,000 automatic promotions and 10,000 codes vs none. */

export interface PromotionsSettings {
  /** Timed calls per case, one at a time, after `warmup` untimed ones. */
  calls: number;
  warmup: number;
}

export type { Latency };

export interface PromotionsResult {
  none: Latency;
  many: Latency;
  withCode: Latency | null;
  /** Promotions the cart got with 1,000 in the store (the few written to apply to it). */
  applied: number;
  codeApplied: boolean;
  seededMs: number;
  rssMiB: number;
  /** many.p99 / none.p99; the target is below 2. */
  p99Ratio: number;
}

export async function promotionsScenario(s: PromotionsSettings, log: (line: string) => void): Promise<PromotionsResult> {
  const args = [String(s.calls), String(s.warmup)];
  const r = await resultOfNode<Omit<PromotionsResult, 'p99Ratio'>>('bench/promotions.node.ts', args, log);
  const result = { ...r, p99Ratio: r.many.p99Ms / r.none.p99Ms };
  log(
    `  none p50 ${ms(r.none.p50Ms)} p99 ${ms(r.none.p99Ms)}; 1,000 promotions + 10,000 codes p50 ${ms(r.many.p50Ms)} ` +
      `p99 ${ms(r.many.p99Ms)} (ratio ${f(result.p99Ratio, 2)})`,
  );
  return result;
}

const NAME = 'Cart pricing (`discounts.price`, 3 lines, address set): 1,000 active automatic promotions + 10,000 codes vs none';

export function promotionsRow(o: Outcome<PromotionsResult> | undefined): string[] {
  if (!o) return ['6', NAME, 'not run', 'p99 < 2× none', '—'];
  if ('error' in o) return ['6', NAME, `failed: ${o.error}`, 'p99 < 2× none', '—'];
  const r = o.ok;
  return [
    '6',
    NAME,
    `none p50 ${ms(r.none.p50Ms)}, p99 ${ms(r.none.p99Ms)}; with them p50 ${ms(r.many.p50Ms)}, p99 ${ms(r.many.p99Ms)}: ratio **${f(r.p99Ratio, 2)}**`,
    'p99 < 2× none',
    yes(r.p99Ratio < 2),
  ];
}

export function promotionsDetails(o: Outcome<PromotionsResult> | undefined): string[] {
  if (!o || 'error' in o) return [];
  const r = o.ok;
  const row = (name: string, l: Latency | null) =>
    l ? [name, ms(l.p50Ms), ms(l.p99Ms), ms(l.maxMs), l.calls] : [name, '—', '—', '—', 0];
  return [
    '### 6. Cart pricing with promotions',
    '',
    table(
      ['cart', 'p50', 'p99', 'max', 'calls'],
      [
        row('no promotions in the store', r.none),
        row(`1,000 automatic + 10,000 codes, no code (${r.applied} apply)`, r.many),
        row(`the same, with one campaign code (${r.codeApplied ? 'applied' : 'NOT applied'})`, r.withCode),
      ],
    ),
    '',
    `- One call at a time through the broker (in-process, system principal), the discounts store on the PostgreSQL server; ` +
      `p99 is the median of 5 rounds' p99s; ` +
      `seeding took ${f(r.seededMs / 1000, 1)} s; node RSS ${r.rssMiB} MiB.`,
    '',
  ];
}
