import type { PriceRequest } from '../discounts.contract';
import { isAutomatic, normaliseCode, type Condition, type Promotion } from './promotion.types';

type Key = 'sku' | 'product' | 'category' | 'group' | 'role' | 'currency';
/** One condition the request must meet, as the keys any of which meets it. */
type Requirement = [Key, readonly string[]][];

/**
 * What of a promotion the index can check by key: each line, customer and currency condition, and
 * a lone buy-X-get-Y's buy filter (no matching units, nothing to give). All must be met.
 */
function requirementsOf(p: Promotion): Requirement[] {
  const out: Requirement[] = [];
  for (const c of p.conditions) {
    if (c.type === 'containsSkus') out.push([['sku', c.skus]]);
    if (c.type === 'containsProducts') out.push([['product', c.productIds]]);
    if (c.type === 'inCategory') out.push([['category', c.categoryIds]]);
    if (c.type === 'customerGroup') out.push([['group', c.groups]]);
    if (c.type === 'customerRole') out.push([['role', c.roles]]);
    if (c.type === 'currency') out.push([['currency', c.currencies]]);
  }
  const buy = p.actions.length === 1 && p.actions[0].type === 'buyXGetY' ? p.actions[0].buy : undefined;
  if (buy)
    out.push([
      ['sku', buy.skus ?? []],
      ['product', buy.productIds ?? []],
      ['category', buy.categoryIds ?? []],
    ]);
  return out;
}

const hasCondition = (p: Promotion, type: Condition['type']) => p.conditions.find((c) => c.type === type);

/**
 * Built once from the stored promotions (rebuilt when one changes): `candidates(request)` answers
 * only the promotions the request can reach, plus the unconditioned automatic ones. An automatic
 * promotion is filed under every keyed requirement (SKUs, products, category paths, customer
 * groups and roles, currency) and is a candidate only when the request meets all of them; one
 * with none is filed under first order, else its subtotal threshold, else always. Work per
 * request grows with the request and the postings it touches, not with the number of promotions.
 */
export class PromotionIndex {
  private readonly byCode = new Map<string, Promotion>();
  private readonly byId = new Map<string, Promotion>();
  private readonly byKey = new Map<string, { p: Promotion; req: number }[]>();
  private readonly needs = new Map<string, number>();
  private readonly always: Promotion[] = [];
  private readonly firstOrder: Promotion[] = [];
  /** Per currency, ascending by threshold: the reachable ones are a prefix. */
  private readonly bySubtotal = new Map<string, { min: number; p: Promotion }[]>();

  constructor(promotions: readonly Promotion[]) {
    for (const p of promotions) {
      this.byId.set(p.id, p);
      // A code names its active promotion over an archived one that once had it.
      if (p.code !== undefined && this.byCode.get(p.code)?.status !== 'active') this.byCode.set(p.code, p);
      if (p.status === 'active' && isAutomatic(p)) this.file(p);
    }
    for (const list of this.bySubtotal.values()) list.sort((a, b) => a.min - b.min);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Promotion | undefined {
    return this.byId.get(id);
  }

  private file(p: Promotion): void {
    const reqs = requirementsOf(p);
    const subtotal = hasCondition(p, 'subtotalAtLeast');
    if (reqs.length > 0) {
      this.needs.set(p.id, reqs.length);
      reqs.forEach((alternatives, req) => {
        const keys = new Set(alternatives.flatMap(([key, values]) => values.map((v) => `${key}:${v}`)));
        for (const k of keys) this.byKey.set(k, [...(this.byKey.get(k) ?? []), { p, req }]);
      });
    } else if (hasCondition(p, 'firstOrder')) this.firstOrder.push(p);
    else if (subtotal?.type === 'subtotalAtLeast')
      for (const m of subtotal.amounts)
        this.bySubtotal.set(m.currency, [...(this.bySubtotal.get(m.currency) ?? []), { min: m.amount, p }]);
    else this.always.push(p);
  }

  /**
   * The promotions worth evaluating for `request`: reachable automatic ones, and every promotion a
   * request code names, whatever its status (so a refusal can say why). `codeToPromotion` holds
   * the codes the service resolved (batch codes), normalised.
   */
  candidates(request: PriceRequest, codeToPromotion: ReadonlyMap<string, string> = new Map()): Promotion[] {
    const out = new Map<string, Promotion>();
    const take = (ps: readonly Promotion[] | undefined) => ps?.forEach((p) => out.set(p.id, p));
    const met = new Map<string, Set<number>>();
    const keyed = (key: Key, values: readonly string[] | undefined) =>
      values?.forEach((v) =>
        this.byKey.get(`${key}:${v}`)?.forEach(({ p, req }) => {
          const reqs = met.get(p.id) ?? met.set(p.id, new Set()).get(p.id)!;
          reqs.add(req);
          if (reqs.size === this.needs.get(p.id)) out.set(p.id, p);
        }),
      );
    take(this.always);
    let subtotal = 0n;
    for (const l of request.lines) {
      keyed('sku', [l.sku]);
      keyed('product', [l.productId]);
      keyed('category', l.categoryPath);
      subtotal += BigInt(l.unitPrice) * BigInt(l.quantity);
    }
    keyed('group', request.customer?.groups);
    keyed('role', request.customer?.roles);
    keyed('currency', [request.currency]);
    if (request.customer?.firstOrder) take(this.firstOrder);
    for (const { min, p } of this.bySubtotal.get(request.currency) ?? []) {
      if (BigInt(min) > subtotal) break;
      out.set(p.id, p);
    }
    for (const raw of request.codes) {
      const code = normaliseCode(raw);
      const p = this.byCode.get(code) ?? this.byId.get(codeToPromotion.get(code) ?? '');
      if (p) out.set(p.id, p);
    }
    return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
