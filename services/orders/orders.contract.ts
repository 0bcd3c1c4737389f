export type { Money } from '../../mixins/validation/money';
import type { Money } from '../../mixins/validation/money';
import type { PriceAnswer } from '../discounts/discounts.contract';
import type { OrderShipping } from '../shipping/shipping.contract';
import type { FulfilmentStatus, LineFulfilment, ShipmentLine, ShipmentStatus } from '../shipping/shipments.contract';
import type { OrderLinePricing } from './order.pricing';
import type { ReturnsChange, ReturnsView, TrackedReturn } from './order.returns';
import type { OrderPromotion, OrderTax } from './order.promotions';
export type { OrderAdjustment, OrderPromotion, OrderTax } from './order.promotions';

export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'DELIVERED',
  'REJECTED',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A line as bought: the catalog's price at checkout, never re-read. */
export type OrderItem = {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  /** unit price × quantity, before adjustments. */
  lineTotal: Money;
  /** The pricing pipeline's result for this line; absent on orders placed before it was kept. */
  pricing?: OrderLinePricing;
};

/** Minor units of `currency`: the sums of the lines' pricing. */
export type OrderTotals = {
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  shipping: number;
  total: number;
};

/** The address as it was when the order was placed; `addressId` when it came from the address book. */
export type AddressSnapshot = {
  addressId?: string;
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
};

/** What the payment step charges. The token never leaves the cluster (REST views drop it). */
export type PaymentSnapshot = {
  paymentMethodId?: string;
  token: string;
  brand?: string;
  last4?: string;
};

export type Order = {
  id: string;
  userId: string;
  status: OrderStatus;
  items: OrderItem[];
  totals: OrderTotals;
  /** The promotions applied, each with the version applied; absent on orders placed before promotions. */
  promotions?: OrderPromotion[];
  /** Whether the prices included tax, and the rates the lines' tax came from. */
  tax?: OrderTax;
  shippingAddress: AddressSnapshot;
  billingAddress: AddressSnapshot;
  payment: PaymentSnapshot;
  /** The Idempotency-Key the order was placed with. */
  idempotencyKey: string;
  /** Why the last transition happened (rejections, cancellations), when one was given. */
  reason?: string;
  /** The shipping quote the order was charged (totals.shipping is its price after shipping discounts); absent: none. */
  shipping?: OrderShipping;
  /** The shipments heard of through shipment events; absent until the first one. */
  fulfilment?: { shipments: TrackedShipment[] };
  /** The returns heard of through return events (order.returns.ts); absent until the first one. */
  returns?: TrackedReturn[];
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/**
 * The append-only log an order's state is replayed from. `seq` equals the order's version after
 * the event, so `orderId:seq` is unique and two writers can never both append the same step.
 */
export type OrderEvent =
  | { id: string; orderId: string; seq: number; type: 'created'; at: number; data: Omit<Order, 'version'> }
  | { id: string; orderId: string; seq: number; type: 'status-changed'; at: number; data: StatusChange }
  | { id: string; orderId: string; seq: number; type: 'fulfilment-changed'; at: number; data: FulfilmentChange }
  | { id: string; orderId: string; seq: number; type: 'returns-changed'; at: number; data: ReturnsChange };

export type StatusChange = { from: OrderStatus; to: OrderStatus; reason?: string };

/** A shipment as the order last heard of it; `seq` is the shipment's version, so an older event is dropped. */
export type TrackedShipment = { id: string; status: ShipmentStatus; lines: ShipmentLine[]; seq: number };

/** A shipment event the order took in, and the status change it caused, if any (one log entry, one version). */
export type FulfilmentChange = { shipment: TrackedShipment; status?: StatusChange };

/** What the order view shows of its fulfilment: derived from the tracked shipments (services/shipping/domain/fulfilment.ts). */
export type FulfilmentView = { status: FulfilmentStatus; lines: LineFulfilment[] };

/** One row of the status history store (`order-history`): one per status an order reached. */
export type HistoryRow = {
  /** `orderId:to`: a retried write of the same transition lands on the same row. */
  id: string;
  orderId: string;
  from?: OrderStatus;
  to: OrderStatus;
  at: number;
  reason?: string;
};

/** Unique on (userId, key): the same key from the same customer finds the same order. */
export type IdempotencyRecord = {
  id: string;
  userId: string;
  key: string;
  orderId: string;
  createdAt: number;
  /** The first request's route, caller and body, hashed: the same key with another body is refused. */
  fingerprint?: string;
};

/** `order.status-changed`, published through the outbox with the change. */
export type StatusChangedEvent = {
  orderId: string;
  userId: string;
  from: OrderStatus;
  to: OrderStatus;
  reason?: string;
  total: Money;
};

/** What the saga-facing transitions answer (and remember per idempotency key). */
export type TransitionResult = StatusChangedEvent & { at: number; changed: boolean };

/** The totals as views show them: each amount with its currency, as the cart shows its own. */
export type TotalsView = { currency: string } & { [K in Exclude<keyof OrderTotals, 'currency'>]: Money };

/** What a customer (or support) sees: everything but the payment token; its returns beside its fulfilment. */
type Hidden = 'payment' | 'version' | 'idempotencyKey' | 'totals' | 'promotions' | 'fulfilment' | 'returns' | 'items';
export type OrderView = Omit<Order, Hidden> & {
  totals: TotalsView;
  fulfilment: FulfilmentView;
  promotions: (Omit<OrderPromotion, 'amount'> & { amount: Money })[];
  payment: { method: 'saved' | 'token'; paymentMethodId?: string; brand?: string; last4?: string };
  history: Omit<HistoryRow, 'id' | 'orderId'>[];
} & ReturnsView;

export type OrderSummary = Pick<Order, 'id' | 'status' | 'createdAt' | 'updatedAt'> & { totals: TotalsView; itemCount: number };

export type OrderPage = { rows: OrderSummary[]; total: number; page: number; pageSize: number };

/** The cart as `carts.get` answers it (only what checkout reads). */
export interface CartSnapshot {
  lines: {
    sku: string;
    productId: string;
    name: string;
    quantity: number;
    unitPrice: Money | null;
    status: string;
  }[];
  totals: { currency: string | null };
  /** The cart's own address: the order's when the request names none. */
  shippingAddress?: AddressSnapshot | null;
}

/** What `carts.claim` answers (services/carts/carts.contract.ts ClaimedCart, only what checkout reads). */
export interface ClaimedCartSnapshot {
  orderId: string;
  cart: CartSnapshot;
  /** The cart's `discounts.price` answer the order snapshots; absent from carts that price without discounts. */
  pricing?: PriceAnswer | null;
  /** The quote the claim priced with (checked by shipping); null or absent: no shipping charged. */
  shipping?: OrderShipping | null;
}

/** What `users.getPaymentMethod` answers (only what checkout reads). */
export interface SavedPaymentMethod {
  id: string;
  token: string;
  brand?: string;
  last4?: string;
}
