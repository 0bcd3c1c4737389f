import { PERSON_TEXT } from '../../../mixins/pii/normalize';
import type { Money } from '../../../mixins/validation/money';

/** One thing wrong with an input, naming the field by its path (`actions[0].percent`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Bounds of what an admin may write, so one promotion cannot make evaluation or storage unbounded. */
export const LIMITS = {
  conditions: 20,
  actions: 20,
  tiers: 20,
  listItems: 500,
  idLength: 64,
  nameLength: 200,
  quantity: 1000,
  amount: 1e12,
  count: 1e9,
  priority: 1e6,
} as const;

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const CURRENCY = /^[A-Z]{3}$/;

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Collects problems while reading an untrusted value; every reader returns the value when it is
 * good and undefined (after recording why) when not, so one pass reports every bad field.
 */
export class Checker {
  readonly problems: FieldProblem[] = [];

  fail(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  object(v: unknown, field: string, allowed: readonly string[]): Obj | undefined {
    if (!isObj(v)) return this.fail(field, 'must be an object');
    const extra = Object.keys(v).filter((k) => !allowed.includes(k));
    extra.forEach((k) => this.fail(field ? `${field}.${k}` : k, 'is not a known field'));
    return extra.length ? undefined : v;
  }

  int(v: unknown, field: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
      return this.fail(field, `must be a whole number from ${min} to ${max}`);
    return v;
  }

  /** 0.01..100 with at most two decimals. */
  percent(v: unknown, field: string): number | undefined {
    const bps = typeof v === 'number' ? Math.round(v * 100) : NaN;
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v * 100 - bps) > 1e-9 || bps < 1 || bps > 10000)
      return this.fail(field, 'must be a percentage from 0.01 to 100 with at most two decimals');
    return bps / 100;
  }

  bool(v: unknown, field: string): boolean | undefined {
    return typeof v === 'boolean' ? v : this.fail(field, 'must be true or false');
  }

  text(v: unknown, field: string, max: number = LIMITS.nameLength): string | undefined {
    // Format characters too (bidi overrides, zero-width): a name shown on carts must not pass for another.
    if (typeof v !== 'string' || v.trim() === '' || v.length > max || !PERSON_TEXT.test(v))
      return this.fail(field, `must be 1 to ${max} printable characters`);
    return v.trim();
  }

  id(v: unknown, field: string): string | undefined {
    if (typeof v !== 'string' || v.length > LIMITS.idLength || !ID_PATTERN.test(v))
      return this.fail(field, `must be an identifier of up to ${LIMITS.idLength} letters, digits and . _ : / -`);
    return v;
  }

  oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T | undefined {
    return values.includes(v as T) ? (v as T) : this.fail(field, `must be one of ${values.join(', ')}`);
  }

  /** A non-empty list of at most `max` distinct items, each read by `item`. */
  list<T>(v: unknown, field: string, item: (x: unknown, f: string) => T | undefined, max: number = LIMITS.listItems) {
    if (!Array.isArray(v) || v.length === 0 || v.length > max) return this.fail(field, `must be a list of 1 to ${max} items`);
    const before = this.problems.length;
    const out = v.map((x, i) => item(x, `${field}[${i}]`));
    if (this.problems.length > before) return undefined;
    if (new Set(out.map((x) => JSON.stringify(x))).size !== out.length) return this.fail(field, 'must not repeat an item');
    return out as T[];
  }

  ids(v: unknown, field: string): string[] | undefined {
    return this.list(v, field, (x, f) => this.id(x, f));
  }

  currency(v: unknown, field: string): string | undefined {
    return typeof v === 'string' && CURRENCY.test(v) ? v : this.fail(field, 'must be an ISO 4217 code like EUR');
  }

  money(v: unknown, field: string, min = 0): Money | undefined {
    const o = this.object(v, field, ['amount', 'currency']);
    if (!o) return undefined;
    const amount = this.int(o.amount, `${field}.amount`, min, LIMITS.amount);
    const currency = this.currency(o.currency, `${field}.currency`);
    return amount === undefined || currency === undefined ? undefined : { amount, currency };
  }

  /** At most one amount per currency. */
  amounts(v: unknown, field: string, min = 0): Money[] | undefined {
    const out = this.list(v, field, (x, f) => this.money(x, f, min), 200);
    if (out && new Set(out.map((m) => m.currency)).size !== out.length)
      return this.fail(field, 'must have at most one amount per currency');
    return out;
  }
}
