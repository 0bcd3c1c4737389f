import { idParam, pageParams, personTextParam, textParam } from '../../mixins/validation/params';
import { ORDER_STATUSES } from './orders.contract';

export { idParam };
const optionalText = (max: number) => ({ ...personTextParam(max), optional: true }) as const;

/** An address typed in at checkout, checked like the address book checks one. */
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

/** A payment provider's token (e.g. `tok_visa`): opaque, never a card number. */
const paymentTokenParam = { type: 'string', min: 4, max: 128, pattern: /^[A-Za-z0-9_:-]+$/, optional: true } as const;

/**
 * Exactly one for payment; at most one for shipping (none: the cart's address) and billing
 * (none: the shipping address). Checked in the handler.
 */
export const placeParams = {
  shippingAddressId: { ...idParam, optional: true },
  shippingAddress: addressParam,
  billingAddressId: { ...idParam, optional: true },
  billingAddress: addressParam,
  paymentMethodId: { ...idParam, optional: true },
  paymentToken: paymentTokenParam,
  $$strict: true,
} as const;

export const PAIRS = [
  ['shippingAddressId', 'shippingAddress', false],
  ['billingAddressId', 'billingAddress', false],
  ['paymentMethodId', 'paymentToken', true],
] as const;

export const listParams = {
  ...pageParams,
  status: { type: 'enum', values: [...ORDER_STATUSES], optional: true },
  $$strict: true,
} as const;

export const orderIdRouteParams = { id: idParam, $$strict: true } as const;

/** A customer's cancel: the order, and optionally why. */
export const routeTransitionParams = { id: idParam, reason: optionalText(500), $$strict: true } as const;

export const orderIdParams = { orderId: idParam, $$strict: true } as const;

export const reasonParams = { orderId: idParam, reason: textParam(500), $$strict: true } as const;

/** The Idempotency-Key header's format, as the gateway checks it before copying it to meta. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
