import { arr, INT, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the shipping service's zone and method routes answer (see shipping.contract.ts). */
const RULE = obj({ type: 'string', value: 'string|optional', from: 'string|optional', to: 'string|optional' });
const ZONE = {
  id: 'string',
  name: 'string',
  countries: arr('string'),
  regions: arr('string'),
  postcodes: obj({ include: arr(RULE), exclude: arr(RULE) }),
  active: 'boolean',
  version: INT,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const METHOD = {
  id: 'string',
  zoneId: 'string',
  name: 'string',
  serviceLevel: 'string',
  carrier: 'string',
  rateCard: obj({ type: 'string', amount: optional(MONEY), threshold: optional(MONEY), perExtraParcel: optional(MONEY) }),
  deliveryDays: obj({ min: INT, max: INT }),
  active: 'boolean',
  rateVersion: INT,
  version: INT,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const ZONE_EXAMPLE = {
  id: '0b7e2c4a-5d1f-4e8a-9c3b-6a2f1e0d9c87',
  name: 'United States',
  countries: ['US'],
  regions: [],
  postcodes: { include: [], exclude: [] },
  active: true,
  version: 1,
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
};
const METHOD_EXAMPLE = {
  id: '3f9d8c2b-1a4e-4b7f-8e6d-5c0a9b8f7e21',
  zoneId: ZONE_EXAMPLE.id,
  name: 'Standard',
  serviceLevel: 'standard',
  carrier: 'sandbox',
  rateCard: { type: 'flat', amount: { amount: 500, currency: 'USD' } },
  deliveryDays: { min: 2, max: 5 },
  active: true,
  rateVersion: 1,
  version: 1,
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
};
const REMOVED = { id: 'string', removed: 'boolean' };
const NO_ZONE = { 404: 'No such zone' };
const NO_METHOD = { 404: 'No such method' };
const STALE = 'Changed since the given version';

export const SHIPPING_RESPONSES = {
  createZone: { status: 201, schema: ZONE, example: ZONE_EXAMPLE },
  listZones: { status: 200, schema: page(obj(ZONE)) },
  getZone: { status: 200, schema: ZONE, example: ZONE_EXAMPLE, errors: NO_ZONE },
  patchZone: { status: 200, schema: ZONE, errors: { ...NO_ZONE, 409: STALE } },
  removeZone: {
    status: 200,
    schema: REMOVED,
    errors: { ...NO_ZONE, 409: 'The zone still has methods (ZONE_HAS_METHODS, naming them)' },
  },
  createMethod: { status: 201, schema: METHOD, example: METHOD_EXAMPLE, errors: { 422: 'Bad field, or zoneId names no zone' } },
  listMethods: { status: 200, schema: page(obj(METHOD)) },
  getMethod: { status: 200, schema: METHOD, example: METHOD_EXAMPLE, errors: NO_METHOD },
  patchMethod: { status: 200, schema: METHOD, errors: { ...NO_METHOD, 409: STALE } },
  removeMethod: { status: 200, schema: REMOVED, errors: NO_METHOD },
} satisfies Record<string, ActionResponse>;
