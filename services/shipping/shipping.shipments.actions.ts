import { Errors } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import { canActFor } from '../../mixins/access/access.domain';
import type { Order } from '../orders/orders.contract';
import type { CancelForOrderAnswer, ShipmentLine, ShipmentStatus } from './shipments.contract';
import type { ReopenAnswer } from './shipping.cancel';
import { AS_PLATFORM, createForOrder, shipmentParts } from './shipping.consumer';
import type { Ctx, ShippingActions, ShippingThis } from './shipping.methods';
import {
  cancelForOrderParams,
  listShipmentsParams,
  idParams,
  reopenForOrderParams,
  shipmentIdParams,
  shipShipmentParams,
} from './shipping.params';
import { SHIPPING_RESPONSES as R } from './shipping.responses';
import { customerShipmentView, shipmentView, SHIPMENTS, type ShipmentDoc } from './shipping.shipments.ops';

const ADMIN = { roles: ['admin' as const] };
/** Support reads shipments to answer customers; only admins buy labels and hand parcels over. */
const STAFF = { roles: ['admin' as const, 'support' as const] };
/** The service's base path is `/`: each route names its whole path. */
const admin = (method: 'GET' | 'POST', path: string) => `${method} /admin/shipments${path}`;
type Id = { id: string };
type ListQuery = { status?: ShipmentStatus; orderId?: string; page: number; pageSize: number };

/** Staff routes under `/api/admin/shipments`, the customer's `/api/orders/:id/shipments`, the cancel saga's step. */
export const shipmentActions: ShippingActions = {
  listShipments: {
    rest: admin('GET', ''),
    response: R.listShipments,
    access: STAFF,
    idempotent: true,
    params: listShipmentsParams,
    async handler(this: ShippingThis, ctx: Ctx<ListQuery>) {
      const { status, orderId, page, pageSize } = ctx.params;
      const filter = { ...(status ? { status } : {}), ...(orderId ? { orderId } : {}) };
      const shipments = this.store('shipments').collection<ShipmentDoc>(SHIPMENTS);
      const [rows, total] = await Promise.all([
        shipments.find({ filter, sort: ['-createdAt', 'id'], limit: pageSize, offset: (page - 1) * pageSize }),
        shipments.count({ filter }),
      ]);
      return { rows: rows.map(shipmentView), total, page, pageSize };
    },
  },
  getShipment: {
    rest: admin('GET', '/:id'),
    response: R.getShipment,
    access: STAFF,
    idempotent: true,
    params: shipmentIdParams,
    async handler(this: ShippingThis, ctx: Ctx<Id>) {
      return shipmentView(await shipmentParts(this).lifecycle.get(ctx.params.id));
    },
  },
  /** The label document the service keeps (a blob), with its content type; one the carrier hosts is at `label.url`. */
  getShipmentLabel: {
    rest: admin('GET', '/:id/label'),
    response: R.getShipmentLabel,
    access: STAFF,
    idempotent: true,
    params: shipmentIdParams,
    async handler(this: ShippingThis, ctx: Ctx<Id>) {
      const { label } = await shipmentParts(this).lifecycle.get(ctx.params.id);
      if (!label) throw new Errors.MoleculerClientError('This shipment has no label yet', 404, 'NOT_FOUND');
      if (label.kind !== 'blob')
        throw new Errors.MoleculerClientError('The carrier hosts this label: see label.url', 404, 'NOT_FOUND');
      ctx.meta.$responseType = label.contentType;
      ctx.meta.$responseHeaders = { 'Content-Disposition': `inline; filename="label-${label.carrierRef}"` };
      return Buffer.from(label.data ?? '', 'base64');
    },
  },
  /** Idempotent: a shipment that has a label answers it again. */
  buyShipmentLabel: {
    rest: admin('POST', '/:id/label'),
    response: R.buyShipmentLabel,
    access: ADMIN,
    idempotent: true,
    params: shipmentIdParams,
    async handler(this: ShippingThis, ctx: Ctx<Id>) {
      return shipmentView(await shipmentParts(this).lifecycle.label(ctx.params.id));
    },
  },
  /** See ShipmentLifecycle.ship: a retry answers the same; other lines of a handed-over shipment are 409. */
  shipShipment: {
    rest: admin('POST', '/:id/ship'),
    response: R.shipShipment,
    access: ADMIN,
    idempotent: true,
    params: shipShipmentParams,
    async handler(this: ShippingThis, ctx: Ctx<Id & { lines?: ShipmentLine[] }>) {
      const { shipment, remainder } = await shipmentParts(this).lifecycle.ship(ctx.params.id, ctx.params.lines);
      return { shipment: shipmentView(shipment), remainder: remainder && shipmentView(remainder) };
    },
  },
  /** The owner's (or staff's) view; anyone else's order answers 404 like a missing one. Never the label. */
  orderShipments: {
    rest: 'GET /orders/:id/shipments',
    response: R.orderShipments,
    access: 'authenticated',
    idempotent: true,
    params: idParams,
    async handler(this: ShippingThis, ctx: Ctx<Id>) {
      const user = caller(ctx);
      const rows = await shipmentParts(this).lifecycle.forOrder(ctx.params.id);
      // No shipment yet (not confirmed, or being created): the order itself says whose it is.
      const owner = rows[0]?.userId ?? (await orderOwner(this, ctx.params.id));
      if (owner === undefined || !canActFor(user, owner)) throw notFound('Order');
      return { rows: rows.map(customerShipmentView) };
    },
  },
  /** The cancel-order saga's `stop-fulfilment`; idempotent (a re-run finishes what is left). */
  cancelForOrder: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: cancelForOrderParams,
    handler(this: ShippingThis, ctx: Ctx<{ orderId: string; reason?: string }>): Promise<CancelForOrderAnswer> {
      return shipmentParts(this).cancel.cancelForOrder(ctx.params.orderId, ctx.params.reason);
    },
  },
  /** Its compensation: the guard reopened, the stopped shipments pending again, the missing ones created. */
  reopenForOrder: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: reopenForOrderParams,
    handler(this: ShippingThis, ctx: Ctx<{ orderId: string }>): Promise<ReopenAnswer> {
      const { orderId } = ctx.params;
      return shipmentParts(this).cancel.reopenForOrder(orderId, () => createForOrder(this, orderId));
    },
  },
};

async function orderOwner(svc: ShippingThis, orderId: string): Promise<string | undefined> {
  try {
    return (await svc.broker.call<Order, { orderId: string }>('orders.get', { orderId }, AS_PLATFORM)).userId;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}
