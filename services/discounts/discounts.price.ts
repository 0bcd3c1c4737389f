import { Errors } from 'moleculer';
import type { Store } from '../../mixins/store/store.types';
import { RuleError } from '../../mixins/validation/rule-error';
import type { PriceAnswer, PriceRequest } from './discounts.contract';
import type { PromotionAdmin } from './discounts.promotions';
import type { TaxAdmin } from './discounts.tax';
import { customerCounterId, totalCounterId, type CodeDoc, type CounterDoc } from './discounts.usage.ops';
import { firstOrderUnknown, needsFirstOrder, withFirstOrder } from './domain/first-order';
import { priceWithDiscounts } from './domain/price.domain';
import { PromotionIndex } from './domain/promotion.index';
import { normaliseCode, type Promotion } from './domain/promotion.types';

/** Whether the customer already has an order that counts (orders.customerHasOrders). */
export type HasOrders = (userId: string) => Promise<boolean>;

interface Snapshot {
  stamp: number;
  index: PromotionIndex;
  /** Codes promotions carry themselves: never looked up among the batch codes. */
  codes: Set<string>;
}

/**
 * `discounts.price` on one node: the candidate index held in memory, rebuilt when the promotions'
 * stamp (bumped in the same atomic unit as every promotion write, on any node) has moved; one
 * read of the stamp per call keeps the next price after a PATCH correct everywhere. Batch codes
 * are looked up by key, only those the request names; limits by the counters of the limited
 * candidates only. A customer's first order, when the caller did not say, is asked of `hasOrders`
 * only when a candidate has a firstOrder condition (one call to orders, by its userId index).
 */
export class PromotionPricing {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(
    private readonly store: Store,
    private readonly admin: PromotionAdmin,
    private readonly taxes: TaxAdmin,
  ) {}

  async price(given: PriceRequest, hasOrders?: HasOrders): Promise<PriceAnswer> {
    let request = given;
    const [snapshot, tax] = await Promise.all([this.current(), this.taxes.current()]);
    const codeToPromotion = new Map<string, string>();
    const usedCodes = new Set<string>();
    const asked = [...new Set(request.codes.map(normaliseCode))].filter((c) => !snapshot.codes.has(c));
    if (asked.length)
      for (const row of await this.store.collection<CodeDoc>('promotion_codes').getMany(asked)) {
        codeToPromotion.set(row.id, row.promotionId);
        if (row.uses >= 1) usedCodes.add(row.promotionId);
      }
    let candidates = snapshot.index.candidates(request, codeToPromotion);
    if (hasOrders && firstOrderUnknown(request)) {
      const widest = snapshot.index.candidates(withFirstOrder(request, true), codeToPromotion);
      if (needsFirstOrder(widest)) {
        request = withFirstOrder(request, !(await hasOrders(request.customer!.id!)));
        candidates = request.customer!.firstOrder ? widest : candidates;
      }
    }
    const limitReached = await this.reached(candidates, request.customer?.id);
    for (const id of usedCodes) limitReached.add(id);
    try {
      return priceWithDiscounts(request, { candidates, limitReached, codeToPromotion, rates: tax.rates, settings: tax.settings });
    } catch (err) {
      if (err instanceof RuleError) throw new Errors.MoleculerClientError(err.message, 422, err.code, err.data);
      throw err;
    }
  }

  /** The index as of the stored stamp: one read when nothing changed; one rebuild per change, shared by the calls waiting on it. */
  private async current(): Promise<Snapshot> {
    const stamp = await this.admin.stamp();
    if (this.snapshot && this.snapshot.stamp >= stamp) return this.snapshot;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    const loaded = await this.loading;
    // A change that landed while this call waited on an older rebuild: build again.
    return loaded.stamp >= stamp ? loaded : this.current();
  }

  private async load(): Promise<Snapshot> {
    // The stamp first: a write between the two reads makes the next call rebuild, never miss it.
    const stamp = await this.admin.stamp();
    const all = await this.admin.promotions.find();
    const snapshot = { stamp, index: new PromotionIndex(all), codes: new Set(all.flatMap((p) => (p.code ? [p.code] : []))) };
    if (!this.snapshot || this.snapshot.stamp <= stamp) this.snapshot = snapshot;
    return snapshot;
  }

  /** Candidates whose total, or this customer's, limit is used up (reserved uses count). */
  private async reached(candidates: readonly Promotion[], customerId?: string): Promise<Set<string>> {
    const ids: string[] = [];
    for (const p of candidates) {
      if (p.limits?.total !== undefined) ids.push(totalCounterId(p.id));
      if (p.limits?.perCustomer !== undefined && customerId) ids.push(customerCounterId(p.id, customerId));
    }
    const out = new Set<string>();
    if (!ids.length) return out;
    const taken = new Map((await this.store.collection<CounterDoc>('usage_counters').getMany(ids)).map((c) => [c.id, c.taken]));
    for (const p of candidates) {
      const { total, perCustomer } = p.limits ?? {};
      if (total !== undefined && (taken.get(totalCounterId(p.id)) ?? 0) >= total) out.add(p.id);
      if (perCustomer !== undefined && customerId && (taken.get(customerCounterId(p.id, customerId)) ?? 0) >= perCustomer)
        out.add(p.id);
    }
    return out;
  }
}
