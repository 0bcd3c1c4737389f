import { arr, INT, MONEY, obj, optional, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the discounts service's routes answer (see discounts.contract.ts and domain/promotion.types.ts). */
const ANY_OBJECT = { type: 'object' };
const PROMOTION = {
  id: 'string',
  name: 'string',
  code: 'string|optional',
  hasBatchCodes: 'boolean|optional',
  status: 'string',
  startsAt: optional(TIMESTAMP),
  endsAt: optional(TIMESTAMP),
  conditions: arr(ANY_OBJECT),
  actions: arr(ANY_OBJECT),
  target: 'string',
  maxDiscount: optional(arr(MONEY)),
  priority: INT,
  stackingGroup: 'string|optional',
  limits: optional(obj({ total: optional(INT), perCustomer: optional(INT) })),
  releaseOnCancel: 'boolean',
  version: INT,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};
const EXAMPLE = {
  id: '5b0f6a2e-8d5c-4a57-9a43-5f9f3b1f0c11',
  name: 'SAVE10',
  code: 'SAVE10',
  status: 'active',
  conditions: [],
  actions: [{ type: 'percentage', percent: 10 }],
  target: 'order',
  priority: 0,
  limits: { total: 3, perCustomer: 1 },
  releaseOnCancel: true,
  version: 1,
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
};
const USAGE_ROW = obj({
  promotionId: 'string',
  orderId: 'string',
  userId: 'string',
  code: 'string|optional',
  status: 'string',
  amount: MONEY,
  reservedAt: TIMESTAMP,
  expiresAt: TIMESTAMP,
  usedAt: optional(TIMESTAMP),
  releasedAt: optional(TIMESTAMP),
  releaseReason: 'string|optional',
});
const RATE = obj({ id: 'string', country: 'string', region: 'string|optional', taxClass: 'string', rateBps: INT });
const FLAGS = { type: 'record', key: 'string', value: 'boolean', optional: true };
const TAX_SETTINGS = { inclusiveByCurrency: FLAGS, inclusiveByCountry: FLAGS };
const NO_PROMOTION = { 404: 'No such promotion' };

export const DISCOUNTS_RESPONSES = {
  create: {
    status: 201,
    schema: PROMOTION,
    example: EXAMPLE,
    errors: { 409: 'The code is taken by another promotion or a batch code' },
  },
  list: { status: 200, schema: page(obj(PROMOTION)) },
  get: { status: 200, schema: PROMOTION, example: EXAMPLE, errors: NO_PROMOTION },
  patch: {
    status: 200,
    schema: PROMOTION,
    errors: {
      ...NO_PROMOTION,
      409: 'The promotion changed since the given version, the code is taken, or the total limit is below the uses taken',
    },
  },
  addCodes: {
    status: 201,
    schema: { promotionId: 'string', count: INT, codes: arr('string') },
    example: { promotionId: EXAMPLE.id, count: 2, codes: ['SPRING7KQ2M9XR4T', 'SPRINGH3VZ8PW6NC'] },
    errors: NO_PROMOTION,
  },
  listCodes: { status: 200, schema: page(obj({ code: 'string', uses: INT, createdAt: TIMESTAMP })), errors: NO_PROMOTION },
  exportCodes: {
    status: 200,
    contentType: 'text/csv',
    schema: { $$root: true, type: 'string' },
    description: 'Every code of the promotion as CSV: code,uses,createdAt (ISO 8601); up to 100,000 codes',
    errors: { ...NO_PROMOTION, 422: 'More codes than one export holds: page through the codes route' },
  },
  usage: {
    status: 200,
    schema: page(USAGE_ROW, {
      promotionId: 'string',
      counts: obj({ reserved: INT, used: INT, released: INT, taken: INT, total: optional(INT), perCustomer: optional(INT) }),
    }),
    errors: NO_PROMOTION,
  },
  rates: { status: 200, schema: { rates: arr(RATE) } },
  putRates: {
    status: 200,
    schema: { rates: arr(RATE) },
    example: { rates: [{ id: '0c6f1d9e-3f0a-4b7e-8d1a-2b6c9e4f7a10', country: 'US', taxClass: 'standard', rateBps: 825 }] },
  },
  settings: { status: 200, schema: TAX_SETTINGS, example: { inclusiveByCurrency: { EUR: true }, inclusiveByCountry: {} } },
} satisfies Record<string, ActionResponse>;
