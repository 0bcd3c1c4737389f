import { arr, INT, obj } from '../api/openapi/response-rules';
import { idParam } from '../../mixins/validation/params';
import type { Order } from '../orders/orders.contract';
import type { Shipment } from './shipments.contract';
import { AS_PLATFORM, labelInput, shipmentParts } from './shipping.consumer';
import type { Ctx, ShippingActions, ShippingThis } from './shipping.methods';
import { ReturnShipments, type ExchangeParams, type ReturnLabelParams } from './shipping.returns';
import { shipmentView } from './shipping.shipments.ops';

const int = (min: number, max: number) => ({ type: 'number', integer: true, min, max }) as const;
const sku = { type: 'string', min: 1, max: 128 } as const;
const warehouse = { type: 'string', pattern: /^[a-z0-9-]{1,32}$/ } as const;
const lines = {
  type: 'array',
  min: 1,
  max: 500,
  items: { type: 'object', strict: true, props: { sku, quantity: int(1, 10_000) } },
};
const allocations = {
  type: 'array',
  min: 1,
  max: 500,
  items: {
    type: 'object',
    strict: true,
    props: {
      sku,
      quantity: int(1, 10_000),
      allocations: {
        type: 'array',
        min: 1,
        max: 50,
        items: { type: 'object', strict: true, props: { warehouse, quantity: int(0, 10_000) } },
      },
    },
  },
} as const;

const returnLabelParams = {
  returnId: idParam,
  orderId: idParam,
  userId: idParam,
  warehouse: { ...warehouse, optional: true },
  lines,
  $$strict: true,
};
const exchangeParams = {
  id: idParam,
  orderId: idParam,
  userId: idParam,
  returnId: { ...idParam, optional: true },
  allocations,
  $$strict: true,
};

/** The return saga's answer: the parcel with its tracking and where its label is (a blob: the staff label route). */
const LABEL = {
  status: 200,
  schema: {
    id: 'string',
    shipmentId: 'string',
    kind: 'string',
    status: 'string',
    carrier: 'string',
    warehouse: 'string',
    trackingNumber: 'string',
    trackingUrl: 'string',
    label: obj({ kind: 'string', url: 'string', contentType: 'string', carrierRef: 'string' }),
  },
} as const;

const partsOf = new WeakMap<ShippingThis, ReturnShipments>();
function returns(svc: ShippingThis): ReturnShipments {
  let parts = partsOf.get(svc);
  if (parts) return parts;
  const { lifecycle, cancel } = shipmentParts(svc);
  parts = new ReturnShipments({
    store: svc.store('shipments'),
    carrier: (id) => svc.carriers().require(id),
    labelInput: (s) => labelInput(svc, s),
    published: () =>
      void svc.flushOutbox().catch((err: Error) => svc.logger.warn(`Outbox flush after a return shipment: ${err.message}`)),
    lifecycle,
    cancel,
    orderShipping: async (orderId) =>
      (await svc.broker.call<Order, { orderId: string }>('orders.get', { orderId }, AS_PLATFORM)).shipping,
  });
  partsOf.set(svc, parts);
  return parts;
}

/** What the saga records of a return parcel; a kept blob label is read at the staff label route. */
function labelAnswer(s: Shipment) {
  const url = s.label?.url ?? `/api/admin/shipments/${s.id}/label`;
  const label = {
    kind: s.label?.kind ?? 'blob',
    url,
    contentType: s.label?.contentType ?? '',
    carrierRef: s.label?.carrierRef ?? '',
  };
  const { id, kind, status, carrier, warehouse, trackingNumber, trackingUrl } = s;
  return { id, shipmentId: id, kind: kind ?? 'return', status, carrier, warehouse, trackingNumber, trackingUrl, label };
}

/**
 * The return saga's calls (internal): `createReturnLabel` and its compensation `cancelReturnLabel`
 * (return parcels, shipping.returns.ts), and `createExchangeShipments` for an exchange's new items.
 * All idempotent: a repeat answers what the first did.
 */
export const returnShipmentActions: ShippingActions = {
  createReturnLabel: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    response: LABEL,
    params: returnLabelParams,
    async handler(this: ShippingThis, ctx: Ctx<ReturnLabelParams>) {
      return labelAnswer(await returns(this).createLabel(ctx.params));
    },
  },
  cancelReturnLabel: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    response: { status: 200, schema: { id: 'string', status: 'string' } },
    params: { returnId: idParam, $$strict: true },
    async handler(this: ShippingThis, ctx: Ctx<{ returnId: string }>) {
      const s = await returns(this).cancelLabel(ctx.params.returnId);
      return { id: s.id, status: s.status };
    },
  },
  createExchangeShipments: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    response: { status: 200, schema: { id: 'string', shipments: arr(obj({ id: 'string', warehouse: 'string', version: INT })) } },
    params: exchangeParams,
    async handler(this: ShippingThis, ctx: Ctx<ExchangeParams>) {
      const shipments = await returns(this).createExchange(ctx.params);
      return { id: ctx.params.id, shipments: shipments.map(shipmentView) };
    },
  },
};
