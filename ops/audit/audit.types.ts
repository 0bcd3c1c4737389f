import type { OutboxRow } from '../../mixins/messaging/outbox';
import type { SagaDoc } from '../../sagas/saga.state';
import type { Movement, ReservationDoc, StockRecord } from '../../services/inventory/inventory.contract';
import type { UsageRow } from '../../services/discounts/discounts.contract';
import type { Promotion } from '../../services/discounts/domain/promotion.types';
import type { Delivery } from '../../services/notifications/notifications.contract';
import type { Order, OrderStatus } from '../../services/orders/orders.contract';
import type { PaymentDoc, PaymentStatus, RefundDoc, TransactionDoc } from '../../services/payments/payments.contract';
import type { ReceiptDoc } from '../../services/returns/returns.receipts';
import type { RefundDoc as ReturnRefundDoc } from '../../services/returns/returns.refunds';
import type { ClaimDoc, ReturnDoc } from '../../services/returns/returns.ops';
import type { Shipment } from '../../services/shipping/shipments.contract';

/**
 * The audit's vocabulary: rows as the services store them (only the fields the checks read, picked
 * from the services' own types so a renamed field breaks the build, not the audit), and what a
 * check reports.
 */

export const INVARIANTS = {
  'stock-non-negative': 'no negative stock (on hand, reserved, available)',
  'reserved-matches-reservations': 'reserved equals the sum of active reservations',
  'stock-matches-ledger': 'stock equals its ledger replayed',
  'confirmed-order-settled': 'every confirmed (shipped, delivered) order has a captured payment of its total and committed stock',
  'ended-order-released': 'every cancelled or rejected order has no money captured or held, no active reservation, no sold stock',
  'saga-within-deadline': 'no saga running or compensating without progress past the threshold, none parked',
  'outbox-delivered': 'no outbox record undelivered past the threshold',
  'handled-once': 'no message handled twice in effect (movements, captures, refunds, order notices)',
  'search-matches-sources': 'the search index holds every product at the catalog version and status, with inventory stock',
  'promotion-usage-matches-orders':
    'uses committed equal the confirmed (shipped, delivered) orders carrying the promotion, none reserved for an ended order',
  'promotion-within-limits': "a promotion's uses never exceed its total or per-customer limit; its counters equal its uses",
  'shipments-cover-orders':
    'every confirmed (partially shipped, shipped, delivered) order has live shipments holding exactly its items; an ended order has none',
  'refunds-within-captured': "an order's refunds (held ones included) never sum past its captured amount",
  'shipped-is-committed':
    "what an order's shipments handed to a carrier, per SKU and warehouse, is stock its reservation committed there",
  'returned-units-moved':
    "every received unit is in inventory's ledger: a resaleable one as a `return` movement, a damaged one also written off",
  'refund-has-cause':
    "every refund of a live order is a return receipt's refund of the same amount; other refunds need a cancelled order",
  'returns-within-delivered': 'no line is asked back (claims) or received (returns) beyond the units delivered to the customer',
} as const;

export type InvariantId = keyof typeof INVARIANTS;

/** Statuses past a completed checkout: the money was taken, the stock sold, the goods owed. */
export const PAID: readonly OrderStatus[] = ['CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'];
export const ENDED: readonly OrderStatus[] = ['CANCELLED', 'REJECTED'];
/** Payments holding the customer's money: captured, some of it perhaps refunded (returns). */
export const TAKEN: readonly PaymentStatus[] = ['CAPTURED', 'PARTIALLY_REFUNDED'];

export interface Violation {
  invariant: InvariantId;
  /** The id of what is wrong: a stock row, an order, a saga, `store/outbox-id`, a movement key. */
  subject: string;
  detail: string;
}

export type StockRow = Pick<StockRecord, 'id' | 'sku' | 'warehouse' | 'onHand' | 'reserved'>;
export type ReservationRow = Pick<ReservationDoc, 'id' | 'status' | 'lines'>;
export type MovementRow = Pick<Movement, 'id' | 'sku' | 'warehouse' | 'onHandDelta' | 'reservedDelta' | 'reason' | 'ref'>;
export type OrderRow = Pick<Order, 'id' | 'status' | 'totals'> & {
  updatedAt?: Order['updatedAt'];
  items?: Pick<Order['items'][number], 'sku' | 'quantity'>[];
  promotions?: Pick<NonNullable<Order['promotions']>[number], 'promotionId'>[];
  fulfilment?: Order['fulfilment'];
};
export type PromotionRow = Pick<Promotion, 'id' | 'limits' | 'releaseOnCancel'>;
export type UsageDocRow = Pick<UsageRow, 'promotionId' | 'orderId' | 'userId' | 'status'> & {
  id: string;
  releaseReason?: UsageRow['releaseReason'];
};
/** `total:<promotionId>` or `customer:<promotionId>:<userId>`: the uses a limit counts as taken. */
export type UsageCounterRow = { id: string; taken: number };
export type PaymentRow = Pick<PaymentDoc, 'id' | 'status' | 'amount' | 'currency'>;
export type TransactionRow = Pick<TransactionDoc, 'id' | 'orderId' | 'kind' | 'outcome' | 'idempotencyKey'>;
export type RefundRow = Pick<RefundDoc, 'id' | 'orderId' | 'amount' | 'currency'> & { refundKey?: RefundDoc['refundKey'] };
export type SagaRow = Pick<SagaDoc, 'id' | 'type' | 'status' | 'updatedAt' | 'data' | 'parked'>;
/** An outbox row with the store it lives in (every store with an outbox is read). */
export type OutboxEntry = Pick<OutboxRow, 'id' | 'event' | 'status' | 'attempts' | 'createdAt'> & { store: string };
export type DeliveryRow = Pick<Delivery, 'id' | 'orderId' | 'shipmentId' | 'template' | 'channel' | 'status'> &
  Partial<Pick<Delivery, 'returnId' | 'receiptId'>>;
export type ShipmentRow = Pick<
  Shipment,
  'id' | 'orderId' | 'warehouse' | 'lines' | 'status' | 'kind' | 'exchangeFor' | 'sourceOrderId'
>;

export type ReturnRow = Pick<ReturnDoc, 'id' | 'orderId' | 'status'> & {
  lines: Pick<ReturnDoc['lines'][number], 'sku' | 'received'>[];
};
export type ClaimRow = Pick<ClaimDoc, 'id' | 'orderId' | 'sku' | 'requested'>;
export type ReceiptRow = Pick<ReceiptDoc, 'id' | 'returnId' | 'warehouse' | 'restock' | 'writeOff'>;
export type ReturnRefundRow = Pick<ReturnRefundDoc, 'id' | 'returnId' | 'orderId' | 'receiptId' | 'amount' | 'currency'>;

/** Everything the checks read, as read. */
export interface AuditData {
  stock: StockRow[];
  reservations: ReservationRow[];
  movements: MovementRow[];
  orders: OrderRow[];
  payments: PaymentRow[];
  transactions: TransactionRow[];
  refunds: RefundRow[];
  sagas: SagaRow[];
  outbox: OutboxEntry[];
  deliveries: DeliveryRow[];
  promotions: PromotionRow[];
  usage: UsageDocRow[];
  usageCounters: UsageCounterRow[];
  shipments: ShipmentRow[];
  returns: ReturnRow[];
  claims: ClaimRow[];
  receipts: ReceiptRow[];
  returnRefunds: ReturnRefundRow[];
}

export interface Thresholds {
  /** A running or compensating saga whose record has not changed for longer than this is stuck. */
  sagaStaleMs: number;
  /** An outbox record not sent this long after it was written is undelivered. */
  outboxStaleMs: number;
  /** A confirmed order still without shipments this long after it last changed has lost its shipments. */
  shipmentsDueMs: number;
}

/**
 * A saga in progress writes its record before and after every try; the longest quiet stretch the
 * definitions allow (a retry backoff of about a minute, plus a step deadline) is far below 5
 * minutes, and a crashed coordinator's lease (10 s) lapses long before. The outbox relay's backoff
 * reaches 5 minutes only after 8 failed publishes. An order's shipments are made from its CONFIRMED
 * event within seconds; a minute also covers a restart of the shipping node.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { sagaStaleMs: 5 * 60_000, outboxStaleMs: 5 * 60_000, shipmentsDueMs: 60_000 };

export type AuditCounts = { [K in keyof AuditData]: number };

export interface AuditReport {
  checkedAt: number;
  thresholds: Thresholds;
  counts: AuditCounts;
  violations: Violation[];
}
