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

/** A shipment as staff read it (shipments.contract.ts Shipment); the label's bytes only through the label route. */
const LINE = obj({ sku: 'string', quantity: INT });
const TRACKING = obj({
  id: 'string',
  status: 'string',
  at: TIMESTAMP,
  location: 'string|optional',
  rawCode: 'string',
  description: 'string|optional',
});
const SHIPMENT = {
  id: 'string',
  orderId: 'string',
  kind: 'string|optional',
  exchangeFor: 'string|optional',
  sourceOrderId: 'string|optional',
  userId: 'string',
  warehouse: 'string',
  lines: arr(LINE),
  carrier: 'string',
  serviceLevel: 'string',
  methodId: 'string|optional',
  status: 'string',
  trackingNumber: 'string|optional',
  trackingUrl: 'string|optional',
  label: optional(obj({ kind: 'string', url: 'string|optional', contentType: 'string', purchasedAt: TIMESTAMP, carrierRef: 'string' })),
  events: arr(TRACKING),
  parentId: 'string|optional',
  shippedAt: optional(TIMESTAMP),
  deliveredAt: optional(TIMESTAMP),
  cancelledAt: optional(TIMESTAMP),
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
  version: INT,
};
/** What the customer reads: no label, no warehouse. */
const CUSTOMER_SHIPMENT = obj({
  id: 'string',
  kind: 'string|optional',
  status: 'string',
  carrier: 'string',
  serviceLevel: 'string',
  trackingNumber: 'string|optional',
  trackingUrl: 'string|optional',
  lines: arr(LINE),
  events: arr(TRACKING),
  shippedAt: optional(TIMESTAMP),
  deliveredAt: optional(TIMESTAMP),
});
const NO_SHIPMENT = { 404: 'No such shipment' };
const CANCELLED = 'The order was cancelled (ORDER_CANCELLED) or the shipment is (SHIPMENT_CANCELLED)';

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
  trackingWebhook: {
    status: 200,
    schema: { received: { type: 'equal', value: true }, duplicate: 'boolean', status: 'string' },
    example: { received: true, duplicate: false, status: 'out_for_delivery' },
    headers: ['X-Sandbox-Signature'],
    errors: {
      400: 'The X-Sandbox-Signature header is missing, stale or does not match the body (nothing changed)',
      404: 'No such carrier, or no shipment has the tracking number (nothing changed)',
      422: 'A body field is missing, unknown, too long or not one the carrier documents (named)',
    },
  },
  listShipments: { status: 200, schema: page(obj(SHIPMENT)) },
  getShipment: { status: 200, schema: SHIPMENT, errors: NO_SHIPMENT },
  getShipmentLabel: {
    status: 200,
    contentType: 'application/pdf',
    schema: { $$root: true, type: 'string' },
    description: "The label document kept by the service (the carrier's type; the sandbox's is application/pdf)",
    errors: { 404: 'No such shipment, no label yet, or a label the carrier hosts (see label.url)' },
  },
  buyShipmentLabel: {
    status: 200,
    schema: SHIPMENT,
    description: 'The shipment with its label; one that has a label answers it again',
    errors: { ...NO_SHIPMENT, 409: `${CANCELLED}, or it was handed over (SHIPMENT_NOT_PENDING)` },
  },
  shipShipment: {
    status: 200,
    schema: { shipment: obj(SHIPMENT), remainder: { ...obj(SHIPMENT), nullable: true } },
    description:
      'Handed to the carrier (label bought first when missing). Fewer units than held: the rest in `remainder`, a new pending shipment. Again with no lines or the same lines: the same answer',
    errors: {
      ...NO_SHIPMENT,
      409: `${CANCELLED}, or it was handed over already with other lines (SHIPMENT_ALREADY_SHIPPED, naming its status)`,
      422: 'A line names an SKU the shipment does not hold, twice, or more units than it holds (named)',
    },
  },
  orderShipments: {
    status: 200,
    schema: { rows: arr(CUSTOMER_SHIPMENT) },
    errors: { 404: 'No such order, or not yours' },
  },
} satisfies Record<string, ActionResponse>;
