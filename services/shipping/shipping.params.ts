import { currencyParam } from '../../mixins/validation/money';
import { idParam, pageParams, personTextParam, PLAIN_TEXT, textParam } from '../../mixins/validation/params';
import { SHIPMENT_STATUSES, SHIPPED_STATUSES } from './shipments.contract';
import { SERVICE_LEVELS } from './shipping.contract';

/**
 * fastest-validator rules for the shipping actions. Admin bodies are checked here for their shape
 * (known fields, bounded sizes and counts, no control characters); the nested postcode rules and
 * rate cards then by the domain's validators (shipping.checks.ts), which name each bad field.
 */
const int = (min: number, max: number) => ({ type: 'number', integer: true, min, max }) as const;
const opt = <R extends object>(rule: R) => ({ ...rule, optional: true }) as const;
const country = { type: 'string', pattern: /^[A-Z]{2}$/ } as const;
const region = { type: 'string', min: 1, max: 16, pattern: /^[A-Za-z0-9-]+$/ } as const;
/** Up to 200 rules a side; each rule an object the domain checks. */
const rules = opt({ type: 'array', max: 200, items: { type: 'object' } });
const flag = opt({ type: 'boolean' });
/** Query strings arrive as text. */
const queryFlag = opt({ type: 'boolean', convert: true });
const version = opt(int(1, 1e12));

const zoneFields = {
  name: personTextParam(200),
  countries: { type: 'array', min: 1, max: 250, items: country },
  regions: opt({ type: 'array', max: 500, items: region }),
  postcodes: opt({ type: 'object', strict: true, props: { include: rules, exclude: rules } }),
  active: flag,
} as const;
const allOptional = <T extends Record<string, object>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, r]) => [k, { ...r, optional: true }])) as {
    [K in keyof T]: T[K] & { optional: true };
  };

export const createZoneParams = { ...zoneFields, $$strict: true } as const;
export const patchZoneParams = { id: idParam, ...allOptional(zoneFields), version, $$strict: true } as const;
export const idParams = { id: idParam, $$strict: true } as const;
export const listZonesParams = { ...pageParams, active: queryFlag, $$strict: true } as const;

const days = int(0, 365);
const methodFields = {
  zoneId: idParam,
  name: personTextParam(200),
  serviceLevel: opt({ type: 'enum', values: SERVICE_LEVELS }),
  carrier: opt({ type: 'string', min: 1, max: 32, pattern: /^[a-z0-9-]+$/ }),
  // Checked field by field by validateRateCard (types, bands, currencies, conditions).
  rateCard: { type: 'object' },
  deliveryDays: opt({ type: 'object', strict: true, props: { min: days, max: days } }),
  active: flag,
} as const;
export const createMethodParams = { ...methodFields, $$strict: true } as const;
export const patchMethodParams = { id: idParam, ...allOptional(methodFields), version, $$strict: true } as const;
export const listMethodsParams = { ...pageParams, zoneId: opt(idParam), active: queryFlag, $$strict: true } as const;

/** What carts send: bounded so one request cannot make a quote unbounded (carts hold at most 500 lines). */
const sku = { type: 'string', min: 1, max: 128 } as const;
export const quoteParams = {
  cartId: idParam,
  currency: currencyParam,
  lines: {
    type: 'array',
    min: 1,
    max: 500,
    items: {
      type: 'object',
      strict: true,
      props: {
        sku,
        quantity: int(1, 10_000),
        weightG: opt(int(0, 10_000_000)),
        dimensionsMm: opt({ type: 'object', strict: true, props: { l: int(0, 100_000), w: int(0, 100_000), h: int(0, 100_000) } }),
      },
    },
  },
  goodsValue: int(0, 1e12),
  address: {
    type: 'object',
    strict: true,
    props: { country, region: opt(textParam(100)), postalCode: opt(textParam(16)) },
  },
  $$strict: true,
} as const;

export const checkQuoteParams = {
  quoteId: idParam,
  cartId: idParam,
  fingerprint: { type: 'string', min: 1, max: 128 },
  graceMs: opt(int(0, 3_600_000)),
  $$strict: true,
} as const;

/**
 * A shipment id: `${orderId}:${warehouse}`, a partial ship's remainder `${orderId}:${warehouse}/${n}`
 * (in a path: `%3A`, `%2F`), or a return's parcel `ret-${returnId}`.
 */
const shipmentId = {
  type: 'string',
  min: 3,
  max: 160,
  pattern: /^(?:[A-Za-z0-9_-]{1,64}:[a-z0-9-]{1,32}(?:\/\d{1,7})?|ret-[A-Za-z0-9_-]{1,64})$/,
} as const;
export const shipmentIdParams = { id: shipmentId, $$strict: true } as const;
export const listShipmentsParams = {
  ...pageParams,
  status: opt({ type: 'enum', values: [...SHIPMENT_STATUSES] }),
  orderId: opt(idParam),
  $$strict: true,
} as const;
/** No `lines`: the whole shipment. */
export const shipShipmentParams = {
  id: shipmentId,
  lines: opt({ type: 'array', min: 1, max: 500, items: { type: 'object', strict: true, props: { sku, quantity: int(1, 10_000) } } }),
  $$strict: true,
} as const;
export const cancelForOrderParams = { orderId: idParam, reason: opt(textParam(500)), $$strict: true } as const;
export const reopenForOrderParams = { orderId: idParam, $$strict: true } as const;

/**
 * A carrier's tracking webhook (the sandbox carrier's body; `carrier` comes from the path). Nothing
 * here may rewrite the body (no trim, no defaults, no conversion): the signature covers it as sent.
 */
export const webhookParams = {
  carrier: { type: 'string', min: 1, max: 32, pattern: /^[a-z][a-z0-9-]*$/ },
  id: { type: 'string', min: 1, max: 128, pattern: /^[A-Za-z0-9_.:-]+$/ },
  trackingNumber: { type: 'string', min: 1, max: 64, pattern: /^[A-Z0-9]+$/ },
  code: { type: 'string', min: 1, max: 32, pattern: /^[A-Z0-9_]+$/ },
  status: opt({ type: 'enum', values: [...SHIPPED_STATUSES] }),
  // Epoch milliseconds up to the year 2100.
  at: int(0, 4_102_444_800_000),
  location: opt({ type: 'string', min: 1, max: 200, pattern: PLAIN_TEXT }),
  description: opt({ type: 'string', min: 1, max: 500, pattern: PLAIN_TEXT }),
  $$strict: true,
} as const;
