import { Errors } from 'moleculer';
import { caller } from '../../mixins/access/access.middleware';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { AddressSnapshot, IdempotencyRecord, Order } from './orders.contract';
import { checkoutInput, createdEvent } from './order.aggregate';
import { clientError, type OrdersContext, type OrdersThis } from './orders.methods';
import { assertSameRequest, keyedAttempt, type KeyedAttempt } from './orders.idempotency';
import { invalid, snapshotting, type Snapshot, type SnapshotMethods } from './orders.snapshot';
import { IDEMPOTENCY_KEY, PAIRS } from './orders.params';

/** The route an Idempotency-Key's fingerprint is taken for. */
const PLACE_ROUTE = 'POST /api/orders';

export type PlaceParams = {
  shippingAddressId?: string;
  shippingAddress?: Omit<AddressSnapshot, 'addressId'>;
  billingAddressId?: string;
  billingAddress?: Omit<AddressSnapshot, 'addressId'>;
  paymentMethodId?: string;
  paymentToken?: string;
};

export interface Placed {
  id: string;
  status: Order['status'];
}

/** Exactly one of each required pair, at most one of billing's, and a well-formed Idempotency-Key. */
function requestProblems(p: PlaceParams, key: string | undefined): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const [byId, inline, required] of PAIRS) {
    const given = [byId, inline].filter((f) => p[f] != null);
    if (given.length > 1) problems.push({ field: inline, message: `Send either '${byId}' or '${inline}', not both.` });
    else if (required && given.length === 0) problems.push({ field: byId, message: `Send '${byId}' or '${inline}'.` });
  }
  if (!key || !IDEMPOTENCY_KEY.test(key))
    problems.push({
      field: 'Idempotency-Key',
      message: "The 'Idempotency-Key' header is required: 1 to 128 of A-Z a-z 0-9 _ . : -",
    });
  return problems;
}

export const placing = {
  ...snapshotting,

  /**
   * `POST /api/orders`. The Idempotency-Key makes a retry safe: the first request with a key places
   * the order (the order, its first log entry and the key's record in one atomic unit, the record
   * unique on customer and key), and every later one with the same key and body, racing or not,
   * answers with that same order; the same key with another body is refused (422). The order's
   * lines come from the cart it claims (carts.claim): one cart, one order at a time.
   */
  async placeFromCart(this: OrdersThis, ctx: OrdersContext<PlaceParams>): Promise<Placed> {
    const userId = caller(ctx).id;
    const key = ctx.meta.requestIdempotencyKey;
    const problems = requestProblems(ctx.params, key);
    if (problems.length) throw invalid(problems);
    const attempt = keyedAttempt(PLACE_ROUTE, userId, key!, ctx.params);
    const earlier = await this.placedWith(attempt);
    if (earlier) return this.startCheckout(ctx, earlier);

    let snap: Snapshot;
    try {
      snap = await this.snapshotOrder(ctx, userId, key!, attempt);
    } catch (err) {
      // A racing request with this key may have placed the order meanwhile.
      const winner = await this.placedWith(attempt);
      if (winner) return this.startCheckout(ctx, winner);
      throw clientError(err);
    }
    const { order } = snap;
    const record: IdempotencyRecord = {
      id: attempt.recordId,
      userId,
      key: key!,
      orderId: order.id,
      createdAt: order.createdAt,
      fingerprint: attempt.fingerprint,
    };
    try {
      await this.store('orders').atomic([
        { op: 'insert', collection: 'idempotency_keys', doc: record },
        { op: 'insert', collection: 'orders', doc: order },
        { op: 'insert', collection: 'order_events', doc: createdEvent(order) },
      ]);
    } catch (err) {
      // The same key and body sent twice at once share one claim and one order id: one insert wins.
      let winner: Order | null = null;
      try {
        if (err instanceof UniqueConflictError) winner = await this.placedWith(attempt);
      } finally {
        if (winner?.id !== order.id) await this.giveBackCart(ctx, snap);
      }
      if (winner) return this.startCheckout(ctx, winner);
      throw err;
    }
    order.version = 1;
    return this.startCheckout(ctx, order);
  },

  async placedWith(this: OrdersThis, attempt: KeyedAttempt): Promise<Order | null> {
    const record = await this.keys().get(attempt.recordId);
    if (!record) return null;
    try {
      assertSameRequest(record, attempt);
    } catch (err) {
      throw clientError(err);
    }
    return this.orders().get(record.orderId);
  },

  /**
   * Starts (or, on a retried request, re-asks for) the checkout saga: idempotent by the order id.
   * The history's first row is (re)written here too, so a retry repairs one lost after the unit.
   */
  async startCheckout(this: OrdersThis, ctx: OrdersContext, order: Order): Promise<Placed> {
    await this.recordHistory({ orderId: order.id, to: 'PENDING', at: order.createdAt });
    if (order.status === 'PENDING') {
      const data = checkoutInput(order);
      try {
        await ctx.call('sagas.start', { type: 'checkout', id: order.id, data });
      } catch (err) {
        this.logger.warn(`Starting checkout of order ${order.id} failed: ${(err as Error).message}`);
        throw new Errors.MoleculerRetryableError(
          'The order is recorded but checkout could not start; send the request again with the same Idempotency-Key',
          503,
          'CHECKOUT_UNAVAILABLE',
          { orderId: order.id },
        );
      }
    }
    ctx.meta.$statusCode = 202;
    return { id: order.id, status: order.status };
  },
};

export type PlacingMethods = SnapshotMethods & {
  placeFromCart(ctx: OrdersContext<PlaceParams>): Promise<Placed>;
  placedWith(attempt: KeyedAttempt): Promise<Order | null>;
  startCheckout(ctx: OrdersContext, order: Order): Promise<Placed>;
};
