import { idParam } from '../../mixins/validation/params';
import type { CartLimits } from './carts.contract';

/** The catalog's SKU format. */
export const skuParam = { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ } as const;

/** Quantities are whole units, 1..maxQuantity (0 is not a quantity: removing is DELETE). */
export const quantityParam = (limits: CartLimits) =>
  ({ type: 'number', integer: true, min: 1, max: limits.maxQuantity }) as const;

/** `POST /items` (body) and `PATCH /items/:sku` (path and body) take the same two fields. */
export const itemParams = (limits: CartLimits) => ({ sku: skuParam, quantity: quantityParam(limits), $$strict: true }) as const;

export const removeItemParams = { sku: skuParam, $$strict: true } as const;

export const noParams = { $$strict: true } as const;

export const userParams = { userId: idParam, $$strict: true } as const;
