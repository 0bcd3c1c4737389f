import { arr, INT, listOf, obj, optional, page, POSTAL_ADDRESS, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the users service's routes answer (see users.contract.ts). */
const PREFERENCES = {
  channels: obj({ email: 'boolean', sms: 'boolean', push: 'boolean' }),
  language: 'string',
  currency: 'string',
};
const PROFILE = {
  id: 'string',
  email: 'string',
  name: 'string',
  preferences: obj(PREFERENCES),
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const ADDRESS = {
  id: 'string',
  ...POSTAL_ADDRESS,
  isDefaultShipping: 'boolean',
  isDefaultBilling: 'boolean',
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const CARD = {
  id: 'string',
  provider: 'string',
  brand: 'string',
  last4: 'string',
  expMonth: INT,
  expYear: INT,
  isDefault: 'boolean',
  createdAt: TIMESTAMP,
};
const WISH = { productId: 'string', addedAt: TIMESTAMP };
const GONE = { 404: 'No such entry of the caller’s' };

export const USERS_RESPONSES = {
  me: { status: 200, schema: PROFILE },
  updateMe: { status: 200, schema: PROFILE },
  preferences: { status: 200, schema: PREFERENCES },
  setPreferences: { status: 200, schema: PREFERENCES },
  listUsers: { status: 200, schema: page(obj(PROFILE)), description: 'Profiles, PII masked for support' },
  getUser: { status: 200, schema: { ...PROFILE, addresses: optional(arr(obj(ADDRESS))) } },
  listAddresses: { status: 200, schema: listOf(obj(ADDRESS)) },
  getAddress: { status: 200, schema: ADDRESS },
  addAddress: { status: 201, schema: ADDRESS },
  updateAddress: { status: 200, schema: ADDRESS },
  removeAddress: { status: 204, errors: GONE },
  listPaymentMethods: { status: 200, schema: listOf(obj(CARD)) },
  addPaymentMethod: {
    status: 201,
    schema: CARD,
    errors: { 409: 'This card is already saved' },
    example: {
      id: 'f45ac1fc-ad44-4018-8e00-60ee84be414c',
      provider: 'sandbox',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2099,
      isDefault: true,
      createdAt: 1767225600000,
    },
  },
  updatePaymentMethod: { status: 200, schema: CARD },
  removePaymentMethod: { status: 204 },
  wishlist: { status: 200, schema: listOf(obj(WISH)) },
  addToWishlist: { status: [201, 200], schema: WISH, description: '201 when added, 200 when it was already there' },
  removeFromWishlist: { status: 204 },
} satisfies Record<string, ActionResponse>;
