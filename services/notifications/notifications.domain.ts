import { maskEmail, maskPhone } from '../../mixins/pii/mask';
import {
  SECRET_TEMPLATES,
  type NoticeKind,
  type NoticeRefs,
  type Recipient,
  type ReturnNoticeKind,
} from './notifications.contract';
import type { Vars } from './notifications.render.domain';

/** An email as `an***@example.com`, a phone number as its last 4 digits (mixins/pii/mask). */
export function maskAddress(to: string | undefined): string {
  if (!to) return '-';
  return to.includes('@') ? maskEmail(to) : maskPhone(to);
}

/** Integer minor units to a display string, exactly (no float arithmetic): `{ 123456, 'EUR' }` → `EUR 1234.56`. */
export function formatMoney(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: show two decimals.
  }
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  const major = units.slice(0, units.length - digits);
  return digits ? `${currency} ${sign}${major}.${units.slice(-digits)}` : `${currency} ${sign}${major}`;
}

const isMoney = (v: unknown): v is { amount: number; currency: string } =>
  typeof v === 'object' &&
  v !== null &&
  Number.isSafeInteger((v as { amount?: unknown }).amount) &&
  typeof (v as { currency?: unknown }).currency === 'string';

const MAX_VALUE = 500;

/** The top-level scalar values of caller data, as strings (bounded): what a template may refer to. */
export function scalarVars(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (typeof v === 'string') out[k] = v.slice(0, MAX_VALUE);
    else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = String(v);
  }
  return out;
}

/**
 * Variables of an order notice: the caller's scalar data, then what notifications knows itself
 * (which wins): the customer's name, the order id and short reference, the total (from `total` or
 * the saga's `amount`) and a reason (empty when none), so the default templates always render.
 */
export function orderVars(orderId: string, recipient: Pick<Recipient, 'name'>, data: Record<string, unknown> | undefined): Vars {
  const money = [data?.total, data?.amount].find(isMoney);
  return {
    ...scalarVars(data),
    name: recipient.name,
    orderId,
    orderRef: orderId.replace(/-/g, '').slice(0, 8).toUpperCase(),
    total: money ? formatMoney(money.amount, money.currency) : '',
    reason: typeof data?.reason === 'string' ? data.reason.slice(0, MAX_VALUE) : '',
  };
}

/**
 * Which order status gets a notice from the durable `order.status-changed` event. CONFIRMED is
 * also asked for by the checkout saga's last step (the quick path); that step is best effort, so
 * while notifications is down only the event makes sure the customer hears. The notice id
 * (order, kind) makes the second request a no-op. Shipped and delivered are told per shipment,
 * with its carrier and tracking (shipmentNotice), so the order's own SHIPPED and DELIVERED send nothing.
 */
export function noticeForStatus(status: string): NoticeKind | null {
  if (status === 'CONFIRMED') return 'confirmed';
  if (status === 'CANCELLED') return 'cancelled';
  return null;
}

/** The part of a `shipment.*` event a shipment notice reads. */
export interface ShipmentNoticeEvent {
  shipmentId: string;
  orderId: string;
  userId: string;
  carrier: string;
  /** `return`: a return's parcel (no shipment mail). */
  kind?: 'outbound' | 'return';
  trackingNumber?: string;
  trackingUrl?: string;
}

const CARRIER_NAMES: Record<string, string> = {
  sandbox: 'Sandbox Carrier',
  dhl: 'DHL',
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
};

/** How a carrier id reads in a mail: its known name, else the id as sent. */
export const carrierName = (carrier: string): string => CARRIER_NAMES[carrier.toLowerCase()] ?? carrier;

/**
 * The notice a shipment event asks for: one per (shipment, kind), with the carrier's name and the
 * tracking number and link (empty when the carrier gave none, so the template still renders).
 */
export function shipmentNotice(kind: 'shipment-shipped' | 'shipment-delivered', e: ShipmentNoticeEvent) {
  return {
    orderId: e.orderId,
    userId: e.userId,
    shipmentId: e.shipmentId,
    kind,
    data: { carrier: carrierName(e.carrier), trackingNumber: e.trackingNumber ?? '', trackingUrl: e.trackingUrl ?? '' },
  };
}

/** The part of a `return.*` or `refund.issued` event a return notice reads (services/returns/returns.contract.ts). */
export interface ReturnNoticeEvent {
  returnId: string;
  rma: string;
  orderId: string;
  userId: string;
  lines: { sku: string; quantity: number; received: number }[];
  receiptId?: string;
  /** `refund.issued`: this refund; `refund`: refunded so far. */
  issued?: { amount: number; currency: string };
  refund?: { amount: number; currency: string };
}

/** A return label as `returns.get` answers it, once the return saga recorded it. */
export type ReturnLabel = { carrier: string; trackingNumber: string; url?: string };

/**
 * The notice a return event asks for: one per (return, kind), a receipt's and its refund's one per
 * (receipt, kind). The RMA and the units asked back always; the approval the label's carrier,
 * tracking number and link (empty until the label exists); a receipt the units back so far; a
 * refund its amount (none for a refund of nothing).
 */
export function returnNotice(kind: ReturnNoticeKind, e: ReturnNoticeEvent, label?: ReturnLabel | null) {
  const units = (of: (l: ReturnNoticeEvent['lines'][number]) => number) => e.lines.reduce((n, l) => n + of(l), 0);
  const data: Record<string, unknown> = { rma: e.rma, units: units((l) => l.quantity) };
  if (kind === 'return-approved') {
    data.carrier = label ? carrierName(label.carrier) : '';
    data.trackingNumber = label?.trackingNumber ?? '';
    data.labelUrl = label?.url ?? '';
  }
  if (kind === 'return-received') data.received = units((l) => l.received);
  if (kind === 'refund-issued') {
    const money = e.issued ?? e.refund;
    if (!money || money.amount <= 0) return null;
    data.refund = formatMoney(money.amount, money.currency);
  }
  const perReceipt = (kind === 'return-received' || kind === 'refund-issued') && e.receiptId;
  const refs = { returnId: e.returnId, ...(perReceipt ? { receiptId: e.receiptId } : {}) };
  return { orderId: e.orderId, userId: e.userId, ...refs, kind, data };
}

/** The refs a notice carries, without the absent ones: stored rows and the log's filters hold only what is set. */
export const refsOf = ({ shipmentId, returnId, receiptId }: NoticeRefs): NoticeRefs => ({
  ...(shipmentId ? { shipmentId } : {}),
  ...(returnId ? { returnId } : {}),
  ...(receiptId ? { receiptId } : {}),
});

/** A notice's id: per receipt, return or shipment when it is about one, per order otherwise. */
export const noticeIdOf = (n: NoticeRefs & { orderId: string; kind: NoticeKind }): string =>
  `${n.receiptId ?? n.returnId ?? n.shipmentId ?? n.orderId}:${n.kind}`;

const SECRET_KEY = /token|password|secret|code|link/i;

/** A delivery whose data carries a one-time secret keeps neither the rendered text nor the data. */
export const isSecret = (template: string, data: Record<string, unknown> | undefined): boolean =>
  SECRET_TEMPLATES.includes(template) || Object.keys(data ?? {}).some((k) => SECRET_KEY.test(k));

/** An error as the delivery log keeps it: short, and with no credentials from a connection URL. */
export function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return `${code}${message}`.replace(/\/\/([^:/@\s]+):([^@\s]+)@/g, '//$1:***@').slice(0, 300);
}
