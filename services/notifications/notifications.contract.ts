export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FORMATS = ['text', 'html'] as const;
/** How a template's body is meant: `html` bodies get every variable value HTML-escaped. */
export type TemplateFormat = (typeof FORMATS)[number];

/**
 * What callers may ask for per order. `shipped` (the order-level mail) is no longer sent, since
 * each shipment's mail tells it with tracking; it stays so notices stored with it can still be retried.
 */
export const ORDER_NOTICE_KINDS = ['confirmed', 'cancelled', 'shipped'] as const;
/** Sent per shipment from its events, deduped per (shipment, kind). */
export const SHIPMENT_NOTICE_KINDS = ['shipment-shipped', 'shipment-delivered'] as const;
/** Sent per return from its events, deduped per (return, kind); a receipt's and its refund's per (receipt, kind). */
export const RETURN_NOTICE_KINDS = ['return-requested', 'return-approved', 'return-received', 'refund-issued'] as const;
export type ReturnNoticeKind = (typeof RETURN_NOTICE_KINDS)[number];
export const NOTICE_KINDS = [...ORDER_NOTICE_KINDS, ...SHIPMENT_NOTICE_KINDS, ...RETURN_NOTICE_KINDS] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Notice kind → the template it sends. */
export const NOTICE_TEMPLATES: Record<NoticeKind, string> = {
  confirmed: 'order-confirmed',
  cancelled: 'order-cancelled',
  shipped: 'order-shipped',
  'shipment-shipped': 'shipment-shipped',
  'shipment-delivered': 'shipment-delivered',
  'return-requested': 'return-requested',
  'return-approved': 'return-approved',
  'return-received': 'return-received',
  'refund-issued': 'refund-issued',
};

/** What a notice is about besides its order: a shipment, a return, one receipt of a return. */
export type NoticeRefs = {
  shipmentId?: string;
  returnId?: string;
  /** A return's receipt, `${returnId}:${n}` (returns.ops.ts): unique across returns. */
  receiptId?: string;
};

/** Their data carries one-time secrets (token, link): the delivery log keeps neither the rendered text nor the data. */
export const SECRET_TEMPLATES: readonly string[] = ['password-reset', 'email-verification'];

/**
 * One version of a template. Versions are never edited: a change is a new version, and the newest
 * one is used. Stored as `templateVersion` because `version` is the store's own optimistic counter.
 */
export type Template = {
  id: string;
  key: string;
  channel: Channel;
  templateVersion: number;
  format: TemplateFormat;
  subject: string;
  body: string;
  createdAt: number;
  createdBy?: string;
};

export type TemplateView = Omit<Template, 'templateVersion'> & { version: number };

export type DeliveryStatus = 'sent' | 'skipped' | 'failed';

export type Delivery = {
  id: string;
  userId?: string;
  /** Recipient address: in full for admins; masked for support and in log lines. */
  to?: string;
  template: string;
  templateVersion?: number;
  channel: Channel;
  status: DeliveryStatus;
  error?: string;
  messageId?: string;
  /** Rendered subject and body and the variables: absent for secret templates. */
  subject?: string;
  body?: string;
  data?: Record<string, string>;
  orderId?: string;
  requestId?: string;
  at: number;
} & NoticeRefs;

export type DeliverySummary = Pick<Delivery, 'id' | 'channel' | 'status' | 'error' | 'messageId'>;

/**
 * Dedupes notices: at most one per (order, kind), whichever path (saga step, event) asks first; a
 * shipment or return notice at most one per (shipment or return, kind), a receipt's per (receipt, kind).
 */
export type Notice = NoticeRefs & {
  id: string;
  orderId: string;
  userId: string;
  kind: NoticeKind;
  status: 'sending' | 'done' | 'failed';
  claimedAt: number;
  /** The broker incarnation that claimed it (`nodeID#instanceID`), so a dead holder's claim is taken over at once. */
  claimedBy?: string;
  /** When the holder handed the mail to the transport: a takeover of its claim must not send it again. */
  mailStartedAt?: number;
  /** The X-Delivery-Id of that mail, to ask the transport whether it went out. */
  mailDeliveryId?: string;
  deliveries?: DeliverySummary[];
  /** What the caller gave, kept so the retry sweep can send it again. */
  data?: Record<string, unknown>;
  requestId?: string;
  /** Claims so far. Notices written before retries existed have none: the sweep leaves them alone. */
  attempts?: number;
};

export interface NoticeResult {
  notice: string;
  /** The deliveries this call made; absent when another call already handled the notice. */
  deliveries?: DeliverySummary[];
  duplicate?: boolean;
}

/** The customer data `users.getPreferences` answers. */
export interface Recipient {
  email: string;
  name: string;
  channels: Record<Channel, boolean>;
  language: string;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `data` of `order.status-changed` (what the orders service publishes). */
export interface OrderStatusChanged {
  orderId: string;
  userId: string;
  from?: string;
  to: string;
  reason?: string;
  total?: { amount: number; currency: string };
}
