import { isCount, isObj, unknownKeys, type FieldProblem, type Obj } from './problems';

export const MAX_BANDS = 50;
const MAX_WEIGHT_G = 1e9;
const CURRENCY = /^[A-Z]{3}$/;

const KEYS: Record<string, readonly string[]> = {
  flat: ['amount'],
  weight: ['bands'],
  value: ['bands'],
  free_over: ['amount', 'threshold'],
};
const COMMON = ['type', 'perExtraParcel', 'conditions'] as const;
const CONDITIONS = ['minWeightG', 'maxWeightG', 'minValue', 'maxValue', 'maxParcelWeightG'] as const;

/** Reads a card while collecting every problem; all amounts must share the first currency seen. */
class CardReader {
  readonly problems: FieldProblem[] = [];
  currency: string | undefined;

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  money(v: unknown, field: string): void {
    if (!isObj(v)) return this.fail(field, 'must be {amount, currency}');
    this.problems.push(...unknownKeys(v, field, ['amount', 'currency']));
    if (!isCount(v.amount)) this.fail(`${field}.amount`, 'must be a whole number of minor units from 0 to 10^12');
    if (typeof v.currency !== 'string' || !CURRENCY.test(v.currency))
      return this.fail(`${field}.currency`, 'must be an ISO 4217 code');
    this.currency ??= v.currency;
    if (v.currency !== this.currency) this.fail(`${field}.currency`, `must be ${this.currency}, the card's one currency`);
  }

  count(v: unknown, field: string, min: number): v is number {
    if (isCount(v, min, MAX_WEIGHT_G)) return true;
    this.fail(field, `must be a whole number from ${min} to ${MAX_WEIGHT_G}`);
    return false;
  }

  /** Sorted by `from`, each starting where the one before ends (no gaps, no overlaps); only the last may be open. */
  bands(v: unknown, field: string): void {
    if (!Array.isArray(v) || v.length < 1 || v.length > MAX_BANDS) return this.fail(field, `must hold 1 to ${MAX_BANDS} bands`);
    v.forEach((b: unknown, i) => {
      const f = `${field}[${i}]`;
      if (!isObj(b)) return this.fail(f, 'must be {from, to?, amount}');
      this.problems.push(...unknownKeys(b, f, ['from', 'to', 'amount']));
      this.money(b.amount, `${f}.amount`);
      const from = this.count(b.from, `${f}.from`, 0);
      if (b.to === undefined) {
        if (i < v.length - 1) this.fail(`${f}.to`, 'is required on every band but the last');
      } else if (this.count(b.to, `${f}.to`, 1) && from && b.to <= (b.from as number)) this.fail(`${f}.to`, 'must be above from');
      const prev = v[i - 1] as Obj | undefined;
      if (from && isObj(prev) && typeof prev.to === 'number' && b.from !== prev.to)
        this.fail(`${f}.from`, `must equal bands[${i - 1}].to (${prev.to}): bands are sorted, without gaps or overlaps`);
    });
  }

  conditions(v: unknown, field: string): void {
    if (!isObj(v)) return this.fail(field, 'must be an object');
    this.problems.push(...unknownKeys(v, field, CONDITIONS));
    for (const k of ['minWeightG', 'maxWeightG'] as const) if (v[k] !== undefined) this.count(v[k], `${field}.${k}`, 0);
    if (v.maxParcelWeightG !== undefined) this.count(v.maxParcelWeightG, `${field}.maxParcelWeightG`, 1);
    for (const k of ['minValue', 'maxValue'] as const) if (v[k] !== undefined) this.money(v[k], `${field}.${k}`);
    if (typeof v.minWeightG === 'number' && typeof v.maxWeightG === 'number' && v.minWeightG > v.maxWeightG)
      this.fail(`${field}.maxWeightG`, 'must not be below minWeightG');
    const [min, max] = [v.minValue, v.maxValue].map((m) => (isObj(m) ? m.amount : undefined));
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      this.fail(`${field}.maxValue`, 'must not be below minValue');
  }
}

/** Every problem of an admin-written rate card, each naming its path under `field` (`rateCard.bands[1].from`). */
export function validateRateCard(card: unknown, field = 'rateCard'): FieldProblem[] {
  const r = new CardReader();
  if (!isObj(card)) return [{ field, message: 'must be an object' }];
  const keys = typeof card.type === 'string' ? KEYS[card.type] : undefined;
  if (!keys) return [{ field: `${field}.type`, message: `must be one of ${Object.keys(KEYS).join(', ')}` }];
  r.problems.push(...unknownKeys(card, field, [...COMMON, ...keys]));
  if (keys.includes('bands')) r.bands(card.bands, `${field}.bands`);
  if (keys.includes('amount')) r.money(card.amount, `${field}.amount`);
  if (keys.includes('threshold')) r.money(card.threshold, `${field}.threshold`);
  if (card.perExtraParcel !== undefined) r.money(card.perExtraParcel, `${field}.perExtraParcel`);
  if (card.conditions !== undefined) r.conditions(card.conditions, `${field}.conditions`);
  return r.problems;
}
