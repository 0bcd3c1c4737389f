import { createHash, randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import { config } from '../../config/config';
import { caller } from '../../mixins/access/access.middleware';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type {
  AddressSnapshot,
  CartSnapshot,
  IdempotencyRecord,
  Order,
  PaymentSnapshot,
  SavedPaymentMethod,
} from './orders.contract';
import { addressSnapshot, checkoutData, placeOrder } from './orders.domain';
import { createdEvent } from './orders.events';
import { clientError, type OrdersContext, type OrdersThis } from './orders.methods';
import { IDEMPOTENCY_KEY, PAIRS } from './orders.params';

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

/** The address book's internal lookup: `users.getAddress` is the owner's REST read, so this one is named apart. */
export const ADDRESS_ACTION = 'users.getUserAddress';

const invalid = (fields: { field: string; message: string }[]) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', fields);

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

/** The record's id: one per (customer, key), hashed so any key fits every engine's id rules. */
const recordId = (userId: string, key: string) => createHash('sha256').update(`${userId}\n${key}`).digest('base64url');

/** A saved row another customer owns answers 404 in users; here that is a bad field of this request. */
async function lookup<T>(ctx: OrdersContext, action: string, params: object, field: string): Promise<T> {
  try {
    return await ctx.call<T, object>(action, params);
  } catch (err) {
    // NOT_FOUND is the row; a missing service (SERVICE_NOT_FOUND, also 404) is an outage, not bad input.
    if ((err as Errors.MoleculerError).type === 'NOT_FOUND')
      throw invalid([{ field, message: `No such entry in your account: '${field}'.` }]);
    throw err;
  }
}

export const placing = {
  /**
   * `POST /api/orders`. The Idempotency-Key makes a retry safe: the first request with a key places
   * the order (the order, its first log entry and the key's record in one atomic unit, the record
   * unique on customer and key), and every later one with the same key, racing or not, answers with
   * that same order — even when its body differs: the key names the attempt, not the content.
   */
  async placeFromCart(this: OrdersThis, ctx: OrdersContext<PlaceParams>): Promise<Placed> {
    const userId = caller(ctx).id;
    const key = ctx.meta.requestIdempotencyKey;
    const problems = requestProblems(ctx.params, key);
    if (problems.length) throw invalid(problems);
    const recId = recordId(userId, key!);
    const earlier = await this.placedWith(recId);
    if (earlier) return this.startCheckout(ctx, earlier);

    let order: Order;
    try {
      order = await this.snapshotOrder(ctx, userId, key!);
    } catch (err) {
      // A racing request with this key may have placed the order and emptied the cart meanwhile.
      const winner = await this.placedWith(recId);
      if (winner) return this.startCheckout(ctx, winner);
      throw clientError(err);
    }
    const record: IdempotencyRecord = { id: recId, userId, key: key!, orderId: order.id, createdAt: order.createdAt };
    try {
      await this.store('orders').atomic([
        { op: 'insert', collection: 'idempotency_keys', doc: record },
        { op: 'insert', collection: 'orders', doc: order },
        { op: 'insert', collection: 'order_events', doc: createdEvent(order) },
      ]);
    } catch (err) {
      if (!(err instanceof UniqueConflictError) || (err.data as { opIndex?: number }).opIndex !== 0) throw err;
      const winner = await this.placedWith(recId);
      if (!winner) throw err;
      return this.startCheckout(ctx, winner);
    }
    order.version = 1;
    // Best effort: the order stands whether or not the cart empties (the customer can clear it).
    await ctx
      .call('carts.clear', { userId })
      .catch((e: Error) => this.logger.warn(`Clearing the cart of ${userId} failed: ${e.message}`));
    return this.startCheckout(ctx, order);
  },

  async placedWith(this: OrdersThis, recId: string): Promise<Order | null> {
    const record = await this.keys().get(recId);
    return record ? this.orders().get(record.orderId) : null;
  },

  /** The order from the cart's live prices and the chosen address and payment snapshots. */
  async snapshotOrder(this: OrdersThis, ctx: OrdersContext<PlaceParams>, userId: string, key: string): Promise<Order> {
    const p = ctx.params;
    const address = async (id: string | undefined, inline: PlaceParams['shippingAddress'], field: string) =>
      id
        ? addressSnapshot(await lookup(ctx, ADDRESS_ACTION, { userId, id }, field), id)
        : addressSnapshot(inline as Record<string, unknown>);
    const payment = async (): Promise<PaymentSnapshot> => {
      if (!p.paymentMethodId) return { token: p.paymentToken! };
      const m = await lookup<SavedPaymentMethod>(
        ctx,
        'users.getPaymentMethod',
        { userId, id: p.paymentMethodId },
        'paymentMethodId',
      );
      return {
        paymentMethodId: m.id,
        token: m.token,
        ...(m.brand ? { brand: m.brand } : {}),
        ...(m.last4 ? { last4: m.last4 } : {}),
      };
    };
    const [cart, shippingAddress, billing, paymentSnapshot] = await Promise.all([
      ctx.call<CartSnapshot, { userId: string }>('carts.get', { userId }),
      address(p.shippingAddressId, p.shippingAddress, 'shippingAddressId'),
      p.billingAddressId || p.billingAddress ? address(p.billingAddressId, p.billingAddress, 'billingAddressId') : null,
      payment(),
    ]);
    return placeOrder({
      id: randomUUID(),
      userId,
      idempotencyKey: key,
      cart,
      shippingAddress,
      billingAddress: billing ?? shippingAddress,
      payment: paymentSnapshot,
      now: Date.now(),
    });
  },

  /**
   * Starts (or, on a retried request, re-asks for) the checkout saga: idempotent by the order id.
   * The history's first row is (re)written here too, so a retry repairs one lost after the unit.
   */
  async startCheckout(this: OrdersThis, ctx: OrdersContext, order: Order): Promise<Placed> {
    await this.recordHistory({ orderId: order.id, to: 'PENDING', at: order.createdAt });
    if (order.status === 'PENDING') {
      const data = checkoutData(order, config().inventory.defaultHoldS * 1000);
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

export type PlacingMethods = {
  placeFromCart(ctx: OrdersContext<PlaceParams>): Promise<Placed>;
  placedWith(recId: string): Promise<Order | null>;
  snapshotOrder(ctx: OrdersContext<PlaceParams>, userId: string, key: string): Promise<Order>;
  startCheckout(ctx: OrdersContext, order: Order): Promise<Placed>;
};
