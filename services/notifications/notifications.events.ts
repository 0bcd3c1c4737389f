import type { Context } from 'moleculer';
import { applyOnce, INBOX } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { OrderStatusChanged, ReturnNoticeKind } from './notifications.contract';
import {
  noticeForStatus,
  returnNotice,
  shipmentNotice,
  type ReturnNoticeEvent,
  type ShipmentNoticeEvent,
} from './notifications.domain';
import { returnLabel } from './notifications.returns';
import type { NotificationsThis } from './notifications.methods';
import { noticeOrder, type OrderNotice } from './notifications.notices';

const isStatusChange = (e: EventEnvelope<OrderStatusChanged> | undefined): e is EventEnvelope<OrderStatusChanged> =>
  typeof e?.id === 'string' &&
  typeof e.data?.orderId === 'string' &&
  typeof e.data.userId === 'string' &&
  typeof e.data.to === 'string';

const isShipmentEvent = (e: EventEnvelope<ShipmentNoticeEvent> | undefined): e is EventEnvelope<ShipmentNoticeEvent> =>
  typeof e?.id === 'string' &&
  typeof e.data?.shipmentId === 'string' &&
  typeof e.data.orderId === 'string' &&
  typeof e.data.userId === 'string' &&
  typeof e.data.carrier === 'string';

/**
 * Sends the notice an event asks for, once: an event already in the inbox is skipped, the notice
 * itself dedupes (a redelivery racing the first delivery sends nothing more), and the inbox record
 * is written only after it was handled, so a crash in between has the event delivered again.
 */
async function noticeOnce(this: NotificationsThis, envelope: EventEnvelope, ctx: Context, notice: OrderNotice | null) {
  const store = this.store('notifications');
  if (!notice || (await store.collection(INBOX.name).get(envelope.id))) return;
  await noticeOrder(this.noticeDeps(ctx), { ...notice, requestId: ctx.requestID ?? undefined });
  await applyOnce(store, envelope, []);
}

const malformed = (svc: NotificationsThis, event: unknown) =>
  svc.logger.warn(
    `Ignoring a malformed ${String((event as { event?: unknown } | undefined)?.event)} event ${String((event as { id?: unknown } | undefined)?.id)}`,
  );

/** A shipment's mail: carrier and tracking link, one per (shipment, kind). */
const onShipment = (kind: 'shipment-shipped' | 'shipment-delivered') =>
  async function (this: NotificationsThis, event: EventEnvelope, ctx: Context) {
    const envelope = event as EventEnvelope<ShipmentNoticeEvent>;
    if (!isShipmentEvent(envelope)) return malformed(this, event);
    // A return's parcel coming back is not a delivery to the customer: the returns mails tell of it.
    if (envelope.data.kind === 'return') return;
    await noticeOnce.call(this, envelope, ctx, shipmentNotice(kind, envelope.data));
  };

const isReturnEvent = (e: EventEnvelope<ReturnNoticeEvent> | undefined): e is EventEnvelope<ReturnNoticeEvent> =>
  typeof e?.id === 'string' &&
  typeof e.data?.returnId === 'string' &&
  typeof e.data.rma === 'string' &&
  typeof e.data.orderId === 'string' &&
  typeof e.data.userId === 'string' &&
  Array.isArray(e.data.lines);

/** A return's mail: one per (return, kind), a receipt's and a refund's per (receipt, kind); the approval's carries the label. */
const onReturn = (kind: ReturnNoticeKind) =>
  async function (this: NotificationsThis, event: EventEnvelope, ctx: Context) {
    const envelope = event as EventEnvelope<ReturnNoticeEvent>;
    if (!isReturnEvent(envelope)) return malformed(this, event);
    const label = kind === 'return-approved' ? await returnLabel(ctx, envelope.data.returnId) : null;
    await noticeOnce.call(this, envelope, ctx, returnNotice(kind, envelope.data, label));
  };

// One order's events in turn (a cancellation mail never overtakes its confirmation, a delivered one its shipped one), orders side by side.
const byOrder = (envelope: EventEnvelope) => (envelope.data as { orderId?: string } | undefined)?.orderId;

/** Durable (JetStream in cluster mode): an event published while notifications was down is still noticed. */
export const noticeConsumers = {
  'order.status-changed': {
    key: byOrder,
    async handler(this: NotificationsThis, event: EventEnvelope, ctx: Context) {
      const envelope = event as EventEnvelope<OrderStatusChanged>;
      if (!isStatusChange(envelope)) return malformed(this, event);
      const { orderId, userId, to, reason, total } = envelope.data;
      const kind = noticeForStatus(to);
      await noticeOnce.call(this, envelope, ctx, kind && { orderId, userId, kind, data: { reason, total } });
    },
  },
  'shipment.shipped': { key: byOrder, handler: onShipment('shipment-shipped') },
  'shipment.delivered': { key: byOrder, handler: onShipment('shipment-delivered') },
  'return.requested': { key: byOrder, handler: onReturn('return-requested') },
  'return.approved': { key: byOrder, handler: onReturn('return-approved') },
  'return.received': { key: byOrder, handler: onReturn('return-received') },
  'refund.issued': { key: byOrder, handler: onReturn('refund-issued') },
};
