import type { Quote, QuoteAnswer, QuoteCheck, QuoteRequest } from './shipping.contract';
import type { Ctx, ShippingActions, ShippingThis } from './shipping.methods';
import { checkQuoteParams, quoteParams } from './shipping.params';

const internal = { visibility: 'public', access: 'internal' } as const;

/** What carts, orders and the checkout policy call: options for a cart, the chosen quote's check, and whether any zone exists. */
export const quoteActions: ShippingActions = {
  /** Options for the cart's address and contents now, each stored as a quote bound to the cart (QUOTE_TTL_MS). */
  quote: {
    ...internal,
    // A retry makes new quotes for the same cart; the ones it does not show just expire.
    idempotent: true,
    params: quoteParams,
    handler(this: ShippingThis, ctx: Ctx<QuoteRequest>): Promise<QuoteAnswer> {
      return this.quoter().quote(ctx.params);
    },
  },
  /** The quote if it still prices this cart; 409 SHIPPING_QUOTE_STALE naming it and why otherwise. Reads only. */
  checkQuote: {
    ...internal,
    idempotent: true,
    params: checkQuoteParams,
    handler(this: ShippingThis, ctx: Ctx<QuoteCheck>): Promise<Quote> {
      return this.quoter().check(ctx.params);
    },
  },
  /** Any active zone at all: without one the shop does not charge shipping and checkout needs no quote. */
  hasZones: {
    ...internal,
    idempotent: true,
    params: { $$strict: true },
    async handler(this: ShippingThis): Promise<{ hasZones: boolean }> {
      return { hasZones: await this.quoter().hasZones() };
    },
  },
};
