import type { PromotionStatus } from './domain/promotion.types';
import type { TaxRate, TaxSettings } from './domain/tax.types';
import type { Ctx, DiscountsActions, DiscountsThis } from './discounts.methods';
import {
  createPromotionParams,
  generateCodesParams,
  listCodesParams,
  listPromotionsParams,
  patchPromotionParams,
  promotionIdParams,
  putRatesParams,
  putTaxSettingsParams,
  usageParams,
} from './discounts.params';
import type { Paging } from './discounts.promotions';
import { DISCOUNTS_RESPONSES as R } from './discounts.responses';

const ADMIN = { roles: ['admin' as const] };
/** Support answers customers' questions about a discount: it reads, never writes. */
const STAFF = { roles: ['admin' as const, 'support' as const] };
type Id = { id: string };

/** Staff routes: promotions, their batch codes and usage, and the tax rates and settings. */
export const adminActions: DiscountsActions = {
  createPromotion: {
    rest: 'POST /promotions',
    response: R.create,
    access: ADMIN,
    idempotent: false,
    params: createPromotionParams,
    async handler(this: DiscountsThis, ctx: Ctx<Record<string, unknown>>) {
      const created = await this.admin().create(ctx.params);
      ctx.meta.$statusCode = 201;
      return created;
    },
  },
  listPromotions: {
    rest: 'GET /promotions',
    response: R.list,
    access: STAFF,
    idempotent: true,
    params: listPromotionsParams,
    handler(this: DiscountsThis, ctx: Ctx<Paging & { status?: PromotionStatus; code?: string }>) {
      return this.admin().list(ctx.params);
    },
  },
  getPromotion: {
    rest: 'GET /promotions/:id',
    response: R.get,
    access: STAFF,
    idempotent: true,
    params: promotionIdParams,
    handler(this: DiscountsThis, ctx: Ctx<Id>) {
      return this.admin().get(ctx.params.id);
    },
  },
  /** Changes only the given fields (null clears one); `version` makes it apply to that version only. */
  patchPromotion: {
    rest: 'PATCH /promotions/:id',
    response: R.patch,
    access: ADMIN,
    idempotent: false,
    params: patchPromotionParams,
    handler(this: DiscountsThis, ctx: Ctx<Id & { version?: number } & Record<string, unknown>>) {
      const { id, version, ...fields } = ctx.params;
      return this.admin().patch(id, fields, version);
    },
  },
  addPromotionCodes: {
    rest: 'POST /promotions/:id/codes',
    response: R.addCodes,
    access: ADMIN,
    idempotent: false,
    params: generateCodesParams,
    async handler(this: DiscountsThis, ctx: Ctx<Id & { count: number; prefix?: string }>) {
      const made = await this.admin().addCodes(ctx.params.id, ctx.params.count, ctx.params.prefix);
      ctx.meta.$statusCode = 201;
      return made;
    },
  },
  listPromotionCodes: {
    rest: 'GET /promotions/:id/codes',
    response: R.listCodes,
    access: STAFF,
    idempotent: true,
    params: listCodesParams,
    handler(this: DiscountsThis, ctx: Ctx<Id & Paging>) {
      return this.admin().listCodes(ctx.params.id, ctx.params);
    },
  },
  exportPromotionCodes: {
    rest: 'GET /promotions/:id/codes/export',
    response: R.exportCodes,
    access: ADMIN,
    idempotent: true,
    params: promotionIdParams,
    async handler(this: DiscountsThis, ctx: Ctx<Id>) {
      const csv = await this.admin().exportCodes(ctx.params.id);
      ctx.meta.$responseType = 'text/csv; charset=utf-8';
      ctx.meta.$responseHeaders = { 'Content-Disposition': `attachment; filename="promotion-${ctx.params.id}-codes.csv"` };
      return csv;
    },
  },
  promotionUsage: {
    rest: 'GET /promotions/:id/usage',
    response: R.usage,
    access: STAFF,
    idempotent: true,
    params: usageParams,
    handler(this: DiscountsThis, ctx: Ctx<Id & Paging>) {
      return this.admin().usage(ctx.params.id, ctx.params);
    },
  },
  getTaxRates: {
    rest: 'GET /tax/rates',
    response: R.rates,
    access: STAFF,
    idempotent: true,
    params: { $$strict: true },
    handler(this: DiscountsThis) {
      return this.taxes().rates();
    },
  },
  /** Replaces the whole set of rates. */
  putTaxRates: {
    rest: 'PUT /tax/rates',
    response: R.putRates,
    access: ADMIN,
    idempotent: true,
    params: putRatesParams,
    handler(this: DiscountsThis, ctx: Ctx<{ rates: Omit<TaxRate, 'id'>[] }>) {
      return this.taxes().putRates(ctx.params.rates);
    },
  },
  getTaxSettings: {
    rest: 'GET /tax/settings',
    response: R.settings,
    access: STAFF,
    idempotent: true,
    params: { $$strict: true },
    handler(this: DiscountsThis) {
      return this.taxes().settings();
    },
  },
  putTaxSettings: {
    rest: 'PUT /tax/settings',
    response: R.settings,
    access: ADMIN,
    idempotent: true,
    params: putTaxSettingsParams,
    handler(this: DiscountsThis, ctx: Ctx<TaxSettings>) {
      return this.taxes().putSettings(ctx.params);
    },
  },
};
