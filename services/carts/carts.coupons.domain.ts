import type { CartAddress } from './carts.contract';
import { CartRuleError, type CartContents } from './carts.domain';

/** Codes are compared as typed by admins: trimmed and upper case, so ` save10 ` is `SAVE10`. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** The shape a normalised code must have (the REST param checks it before any lookup). */
export const COUPON_CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

/**
 * The cart with `code` added last. A code already there changes nothing (null: nothing to write),
 * so concurrent and repeated applies of one code store it once: every writer re-reads the cart
 * after losing the version race and finds the code there.
 */
export function addCoupon(cart: CartContents, code: string, max: number): CartContents | null {
  const coupons = cart.coupons ?? [];
  if (coupons.includes(code)) return null;
  if (coupons.length >= max) throw new CartRuleError('LIMIT_REACHED', `A cart holds at most ${max} coupon codes`, { max });
  return { ...cart, coupons: [...coupons, code] };
}

/** The cart without `code`, or null when it was not there. */
export function removeCoupon(cart: CartContents, code: string): CartContents | null {
  const coupons = cart.coupons ?? [];
  return coupons.includes(code) ? { ...cart, coupons: coupons.filter((c) => c !== code) } : null;
}

/** The cart with this shipping address, or null when it already has exactly that one. */
export function setAddress(cart: CartContents, address: CartAddress): CartContents | null {
  return JSON.stringify(cart.shippingAddress ?? null) === JSON.stringify(address) ? null : { ...cart, shippingAddress: address };
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

/** The address as the cart keeps it: the known fields only, empty ones left out; `addressId` when from the address book. */
export function cartAddress(address: Record<string, unknown>, addressId?: string): CartAddress {
  const kept: Record<string, unknown> = {};
  for (const f of ADDRESS_FIELDS) if (typeof address[f] === 'string' && address[f] !== '') kept[f] = address[f];
  return { ...(kept as unknown as CartAddress), ...(addressId ? { addressId } : {}) };
}
