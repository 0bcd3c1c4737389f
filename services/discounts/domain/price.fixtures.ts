import type { PriceLine, PriceRequest } from '../discounts.contract';
import type { PriceInputs } from './price.domain';
import type { Promotion } from './promotion.types';

/** Test builders for the discounts domain specs (not used by the service). */
export const promo = (id: string, over: Partial<Promotion> = {}): Promotion => ({
  id,
  name: id,
  status: 'active',
  conditions: [],
  actions: [{ type: 'percentage', percent: 10 }],
  target: 'order',
  priority: 0,
  releaseOnCancel: true,
  version: 1,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

export const line = (sku: string, quantity: number, unitPrice: number, over: Partial<PriceLine> = {}): PriceLine => ({
  sku,
  productId: `p-${sku}`,
  categoryPath: [],
  quantity,
  unitPrice,
  ...over,
});

export const request = (over: Partial<PriceRequest> = {}): PriceRequest => ({
  currency: 'USD',
  lines: [line('A', 2, 1000), line('B', 1, 500)],
  codes: [],
  at: 1_000_000,
  ...over,
});

export const inputs = (candidates: Promotion[], over: Partial<PriceInputs> = {}): PriceInputs => ({
  candidates,
  limitReached: new Set(),
  codeToPromotion: new Map(),
  rates: [],
  settings: {},
  ...over,
});
