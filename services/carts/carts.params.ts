import { addressParam, idParam } from '../../mixins/validation/params';
import type { CartLimits } from './carts.contract';
import { COUPON_CODE } from './carts.coupons.domain';

/** The catalog's SKU format. */
export const skuParam = { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ } as const;

/** Quantities are whole units, 1..maxQuantity (0 is not a quantity: removing is DELETE). */
export const quantityParam = (limits: Pick<CartLimits, 'maxQuantity'>) =>
  ({ type: 'number', integer: true, min: 1, max: limits.maxQuantity }) as const;

/** `POST /items` (body) and `PATCH /items/:sku` (path and body) take the same two fields. */
export const itemParams = (limits: Pick<CartLimits, 'maxQuantity'>) =>
  ({ sku: skuParam, quantity: quantityParam(limits), $$strict: true }) as const;

export const removeItemParams = { sku: skuParam, $$strict: true } as const;

export const noParams = { $$strict: true } as const;

export const userParams = { userId: idParam, $$strict: true } as const;

const codeParam = { type: 'string', min: 1, max: 64, pattern: COUPON_CODE } as const;

/** A coupon code as typed: trimmed and upper-cased, then it must look like a code. */
export const couponParams = { code: { ...codeParam, trim: true, uppercase: true }, $$strict: true } as const;

/** `DELETE /coupons/:code` names a code as the cart lists it (normalised), like `/items/:sku` names a SKU. */
export const removeCouponParams = { code: codeParam, $$strict: true } as const;

/** `PUT /address`: exactly one of the two (checked in the handler). */
export const addressParams = {
  shippingAddress: { ...addressParam, optional: true },
  shippingAddressId: { ...idParam, optional: true },
  $$strict: true,
} as const;
