import type { Predicate } from '../store.query';
import type { Change, CollectionDef, Scalar } from '../store.types';
import { revAttr, TTL_ATTR, ttlSeconds } from './dynamodb.codec';
import { gsiFields, indexAttr, indexValue } from './dynamodb.index';

/**
 * Builds DynamoDB expressions. Every attribute name and value goes through a placeholder, so no
 * caller data is ever spliced into expression text (and reserved words never bite).
 */
export class Expr {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private valueCount = 0;

  /** `meta.tags.0` → `#n1.#n2[0]`: numeric segments index into json lists. */
  path(path: string): string {
    return path
      .split('.')
      .map((part, i) => (i > 0 && /^\d+$/.test(part) ? `[${part}]` : `${i > 0 ? '.' : ''}${this.name(part)}`))
      .join('');
  }

  name(attr: string): string {
    let placeholder = this.names.get(attr);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(attr, placeholder);
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** The attribute maps for a command; DynamoDB rejects empty maps, so those are left out. */
  params(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    const out: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } = {};
    if (this.names.size) out.ExpressionAttributeNames = Object.fromEntries([...this.names].map(([attr, ph]) => [ph, attr]));
    if (this.valueCount) out.ExpressionAttributeValues = { ...this.values };
    return out;
  }
}

export function and(...parts: (string | undefined)[]): string | undefined {
  return join(parts, 'AND');
}

function join(parts: (string | undefined)[], op: 'AND' | 'OR'): string | undefined {
  const present = parts.filter((p): p is string => !!p);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.map(paren).join(` ${op} `);
}

/** DynamoDB rejects redundant parentheses, so an already wrapped part is left as it is. */
function paren(expr: string): string {
  if (!expr.startsWith('(')) return `(${expr})`;
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === '(') depth++;
    else if (expr[i] === ')') depth--;
    if (depth === 0 && i < expr.length - 1) return `(${expr})`;
  }
  return expr;
}

/** Always false for stored items: every item has its key. */
function never(e: Expr): string {
  return `attribute_not_exists(${e.name('id')})`;
}

/** Always false, and uses `p` (DynamoDB rejects a placeholder the expression does not use). */
function neverOn(p: string): string {
  return `attribute_exists(${p}) AND attribute_not_exists(${p})`;
}

/** Null means absent, and json may hold literal nulls, so "absent" covers both. */
function absent(e: Expr, p: string): string {
  return `attribute_not_exists(${p}) OR attribute_type(${p}, ${e.value('NULL')})`;
}

function present(e: Expr, p: string): string {
  return `attribute_exists(${p}) AND NOT attribute_type(${p}, ${e.value('NULL')})`;
}

/** Same meaning as store.query's `matches`, as a FilterExpression / ConditionExpression. */
export function predicatesExpr(e: Expr, predicates: Predicate[]): string | undefined {
  return and(...predicates.map((pred) => predicateExpr(e, pred)));
}

function predicateExpr(e: Expr, { path, op, value }: Predicate): string {
  const p = e.path(path);
  switch (op) {
    case '$exists':
      return value ? present(e, p) : absent(e, p);
    case '$eq':
      return value === null ? absent(e, p) : `${p} = ${e.value(value)}`;
    case '$ne':
      return value === null ? present(e, p) : `attribute_not_exists(${p}) OR ${p} <> ${e.value(value)}`;
    case '$in': {
      const list = value as Scalar[];
      const parts: string[] = [];
      const concrete = list.filter((v) => v !== null);
      // IN takes at most 100 operands.
      for (let i = 0; i < concrete.length; i += 100) {
        parts.push(
          `${p} IN (${concrete
            .slice(i, i + 100)
            .map((v) => e.value(v))
            .join(', ')})`,
        );
      }
      // `matches` counts a literal json null as in [null], an absent field not.
      if (concrete.length < list.length) parts.push(`attribute_type(${p}, ${e.value('NULL')})`);
      return join(parts, 'OR') ?? neverOn(p);
    }
    default: {
      if (typeof value !== 'number' && typeof value !== 'string') return neverOn(p);
      const sign = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
      // Comparison needs the same type on both sides, as in `matches`.
      const type = typeof value === 'number' ? 'N' : 'S';
      return `attribute_type(${p}, ${e.value(type)}) AND ${p} ${sign} ${e.value(value)}`;
    }
  }
}

export function notExpired(e: Expr, def: CollectionDef, now: number): string | undefined {
  if (!def.expiresAt) return undefined;
  const p = e.name(def.expiresAt);
  return `attribute_not_exists(${p}) OR ${p} > ${e.value(now)}`;
}

export function expired(e: Expr, def: CollectionDef, now: number): string {
  if (!def.expiresAt) return never(e);
  return `${e.name(def.expiresAt)} <= ${e.value(now)}`;
}

/** The document exists and has not expired: the base of every update/remove condition. */
export function live(e: Expr, def: CollectionDef, now: number): string {
  return and(`attribute_exists(${e.name('id')})`, notExpired(e, def, now)) as string;
}

/** Translates a change; `$inc` stays server-side arithmetic so concurrent increments never lose one. */
export function updateExpr(e: Expr, def: CollectionDef, change: Change): string {
  const set: string[] = [];
  const remove: string[] = [];
  for (const [field, value] of Object.entries(change.$set ?? {})) {
    if (value === null || value === undefined) remove.push(e.name(field));
    else set.push(`${e.name(field)} = ${e.value(value)}`);
  }
  for (const [field, by] of Object.entries(change.$inc ?? {})) {
    set.push(`${e.name(field)} = if_not_exists(${e.name(field)}, ${e.value(0)}) + ${e.value(by)}`);
  }
  for (const field of change.$unset ?? []) remove.push(e.name(field));
  const rev = e.name(revAttr(def));
  set.push(`${rev} = if_not_exists(${rev}, ${e.value(0)}) + ${e.value(1)}`);
  if (def.expiresAt && change.$set && def.expiresAt in change.$set) {
    const expiry = change.$set[def.expiresAt];
    if (typeof expiry === 'number') set.push(`${e.name(TTL_ATTR)} = ${e.value(ttlSeconds(expiry))}`);
    else remove.push(e.name(TTL_ATTR));
  }
  if (def.expiresAt && change.$unset?.includes(def.expiresAt)) remove.push(e.name(TTL_ATTR));
  for (const field of gsiFields(def).keys()) {
    const shadow = () => e.name(indexAttr(field));
    if (change.$inc && field in change.$inc) {
      // SET reads the old item on every right-hand side, so this equals the field's new value.
      set.push(`${shadow()} = if_not_exists(${e.name(field)}, ${e.value(0)}) + ${e.value(change.$inc[field])}`);
    } else if (change.$set && field in change.$set) {
      const value = indexValue(def, field, change.$set[field]);
      if (value === undefined) remove.push(shadow());
      else set.push(`${shadow()} = ${e.value(value)}`);
    } else if (change.$unset?.includes(field)) remove.push(shadow());
  }
  return `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
}
