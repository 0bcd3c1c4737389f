import type { PriceCustomer, PriceLine } from '../discounts.contract';
import type { Condition, LineFilter, Promotion } from './promotion.types';

/** What conditions look at: the request's lines as the catalog priced them, before any discount. */
export interface MatchContext {
  currency: string;
  lines: readonly PriceLine[];
  customer?: PriceCustomer;
  /** Σ unitPrice × quantity, before any discount. */
  subtotal: number;
}

const LINE_CONDITIONS = new Set<Condition['type']>(['containsSkus', 'containsProducts', 'inCategory']);

const anyIn = (wanted: readonly string[] | undefined, have: readonly string[] | undefined) =>
  !!wanted && !!have && wanted.some((w) => have.includes(w));

/** A line matches a filter when any of its lists names the line (categories through the line's path). */
export function lineMatches(line: PriceLine, filter: LineFilter): boolean {
  return (
    (filter.skus?.includes(line.sku) ?? false) ||
    (filter.productIds?.includes(line.productId) ?? false) ||
    anyIn(filter.categoryIds, line.categoryPath)
  );
}

function filterOf(c: Condition): LineFilter | undefined {
  if (c.type === 'containsSkus') return { skus: c.skus };
  if (c.type === 'containsProducts') return { productIds: c.productIds };
  if (c.type === 'inCategory') return { categoryIds: c.categoryIds };
  return undefined;
}

export function conditionHolds(c: Condition, ctx: MatchContext): boolean {
  switch (c.type) {
    case 'subtotalAtLeast': {
      const min = c.amounts.find((m) => m.currency === ctx.currency);
      return min !== undefined && ctx.subtotal >= min.amount;
    }
    case 'containsSkus': {
      const units = ctx.lines.filter((l) => c.skus.includes(l.sku)).reduce((n, l) => n + l.quantity, 0);
      return units >= (c.minQuantity ?? 1);
    }
    case 'containsProducts':
    case 'inCategory':
      return ctx.lines.some((l) => lineMatches(l, filterOf(c)!));
    case 'firstOrder':
      return ctx.customer?.firstOrder === true;
    case 'customerGroup':
      return anyIn(c.groups, ctx.customer?.groups);
    case 'customerRole':
      return anyIn(c.roles, ctx.customer?.roles);
    case 'currency':
      return c.currencies.includes(ctx.currency);
  }
}

export const conditionsHold = (p: Pick<Promotion, 'conditions'>, ctx: MatchContext): boolean =>
  p.conditions.every((c) => conditionHolds(c, ctx));

/**
 * The lines a `lines`-targeted promotion discounts: those any of its line conditions names
 * (containsSkus, containsProducts, inCategory), or every line when it has none.
 */
export function selectedLines(p: Pick<Promotion, 'conditions'>, lines: readonly PriceLine[]): boolean[] {
  const filters = p.conditions.filter((c) => LINE_CONDITIONS.has(c.type)).map((c) => filterOf(c)!);
  return lines.map((l) => filters.length === 0 || filters.some((f) => lineMatches(l, f)));
}
