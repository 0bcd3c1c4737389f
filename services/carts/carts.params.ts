import { idParam, personTextParam } from '../../mixins/validation/params';
import type { CartLimits } from './carts.contract';

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

/** A coupon code as typed: trimmed and upper-cased, then it must look like a code. */
export const couponParams = {
  code: { type: 'string', trim: true, uppercase: true, min: 1, max: 64, pattern: /^[A-Z0-9][A-Z0-9_-]*$/ },
  $$strict: true,
} as const;

const optionalText = (max: number) => ({ ...personTextParam(max), optional: true }) as const;

/** An address typed in, checked as the address book and checkout check one. */
const addressParam = {
  type: 'object',
  optional: true,
  strict: true,
  props: {
    name: personTextParam(100),
    line1: personTextParam(200),
    line2: optionalText(200),
    city: personTextParam(100),
    region: optionalText(100),
    postalCode: { type: 'string', trim: true, min: 2, max: 12, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/ },
    country: { type: 'string', pattern: /^[A-Z]{2}$/ },
    phone: { type: 'string', pattern: /^\+[1-9][0-9]{6,14}$/, optional: true },
  },
} as const;

/** `PUT /address`: exactly one of the two (checked in the handler). */
export const addressParams = {
  shippingAddress: addressParam,
  shippingAddressId: { ...idParam, optional: true },
  $$strict: true,
} as const;
