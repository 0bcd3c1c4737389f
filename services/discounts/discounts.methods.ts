import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { PromotionPricing } from './discounts.price';
import { PromotionAdmin } from './discounts.promotions';
import { TaxAdmin } from './discounts.tax';
import { PromotionUsage } from './discounts.usage';

export interface DiscountsMethods extends StoresMethods, OutboxMethods {
  admin(): PromotionAdmin;
  taxes(): TaxAdmin;
  usage(): PromotionUsage;
  pricing(): PromotionPricing;
}
interface DiscountsVars {
  parts?: { admin: PromotionAdmin; taxes: TaxAdmin; usage: PromotionUsage; pricing: PromotionPricing };
}
export type DiscountsThis = Service & DiscountsMethods & DiscountsVars;
export type DiscountsActions = NonNullable<ServiceSchema<ServiceSettingSchema, DiscountsMethods>['actions']>;
export type Ctx<P> = Context<
  P,
  CallerMeta & { $statusCode?: number; $responseType?: string; $responseHeaders?: Record<string, string> }
>;

/** The service's parts, made once per instance over its stores (several brokers in one test process never share them). */
function parts(svc: DiscountsThis) {
  if (svc.parts) return svc.parts;
  const admin = new PromotionAdmin(svc.store('discounts'));
  const taxes = new TaxAdmin(svc.store('tax'));
  svc.parts = {
    admin,
    taxes,
    pricing: new PromotionPricing(svc.store('discounts'), admin, taxes),
    usage: new PromotionUsage(svc.store('discounts'), () => {
      svc.flushOutbox().catch((err: Error) => svc.logger.warn(`Outbox flush after a promotion use: ${err.message}`));
    }),
  };
  return svc.parts;
}

export const discountsMethods = {
  admin(this: DiscountsThis) {
    return parts(this).admin;
  },
  taxes(this: DiscountsThis) {
    return parts(this).taxes;
  },
  usage(this: DiscountsThis) {
    return parts(this).usage;
  },
  pricing(this: DiscountsThis) {
    return parts(this).pricing;
  },
};
