import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import { SHIPMENT_STATUSES, type ShipmentEvent, type ShipmentExceptionEvent } from './shipments.contract';
import { shipmentsSchema, shippingSchema } from './shipping.schema';

const count = { type: 'number', integer: true, min: 0 };
const text = (max: number) => ({ type: 'string', min: 1, max, optional: true });
/** ShipmentEvent (shipments.contract.ts) as fastest-validator checks it. */
const SHIPMENT_EVENT = {
  shipmentId: { type: 'string', min: 1, max: 160 },
  orderId: id,
  kind: { type: 'enum', values: ['outbound', 'return'], optional: true },
  exchangeFor: { ...id, optional: true },
  userId: id,
  warehouse: id,
  status: { type: 'enum', values: [...SHIPMENT_STATUSES] },
  lines: {
    type: 'array',
    min: 1,
    items: { type: 'object', strict: true, props: { sku: id, quantity: { type: 'number', integer: true, min: 1 } } },
  },
  carrier: id,
  trackingNumber: text(128),
  trackingUrl: text(2_048),
  seq: { type: 'number', integer: true, min: 1 },
  at: count,
};
const shipmentEvent = () => eventSpec<ShipmentEvent>(1, SHIPMENT_EVENT);

/** Zones, methods and quotes in one store; shipments, their tracking and the fulfilment guards in another (audited). */
export default defineService({
  name: 'shipping',
  dir: __dirname,
  load: () => import('./shipping.service') as Promise<{ default: ServiceSchema }>,
  // A node of its own: the crash test kills it alone while orders confirm.
  node: 'fulfilment',
  stores: {
    shipping: { schema: shippingSchema, engine: 'postgres' },
    shipments: { schema: shipmentsSchema, engine: 'postgres', audited: true },
  },
  events: {
    publishes: {
      'shipment.created': shipmentEvent(),
      'shipment.label-purchased': shipmentEvent(),
      'shipment.shipped': shipmentEvent(),
      'shipment.delivered': shipmentEvent(),
      'shipment.exception': eventSpec<ShipmentExceptionEvent>(1, {
        ...SHIPMENT_EVENT,
        rawCode: { type: 'string', min: 1, max: 128 },
        description: text(500),
      }),
    },
    consumes: ['order.status-changed'],
  },
});
