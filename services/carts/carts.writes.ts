import { Errors } from 'moleculer';
import { config } from '../../config/config';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import type { Cart, CartOwner, MergeReport } from './carts.contract';
import { RuleError } from '../../mixins/validation/rule-error';
import { cartExpiry, mergeCarts, type CartContents } from './carts.domain';
import type { CartRef, CartsThis } from './carts.methods';
import { appliedRecord, wasApplied } from './carts.mutations';
import { anonymousCartId, customerCartId } from './carts.tokens.domain';

// One cart is contended only by its owner's own tabs and requests. With jittered backoff, 20
// concurrent writers to one cart needed at most 7 attempts in tests; 30 leaves a wide margin.
const WRITE_ATTEMPTS = 30;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 4 * 2 ** attempt)));
const tooBusy = () => new Errors.MoleculerClientError('The cart changed too often at once; try again', 409, 'CONFLICT');
const LOST_RACE = [UniqueConflictError, VersionConflictError, ConditionFailedError];
const inCheckout = (orderId: string) =>
  new Errors.MoleculerClientError(
    `The cart is being checked out by order ${orderId}; it can change again once that checkout ends`,
    409,
    'CART_IN_CHECKOUT',
    { orderId },
  );

/** A cart rule's refusal as the client sees it. */
export function clientError(err: unknown): unknown {
  // Cart rules and the pricing pipeline's refusals alike.
  if (!(err instanceof RuleError)) return err;
  if (err.code === 'NOT_IN_CART') return new Errors.MoleculerClientError(err.message, 404, 'NOT_FOUND');
  return new Errors.MoleculerClientError(err.message, 409, err.code, err.data);
}

function contentsOf(cart: Cart | null): CartContents {
  if (!cart) return { lines: [] };
  const extras = {
    ...(cart.coupons?.length ? { coupons: cart.coupons } : {}),
    ...(cart.shippingAddress ? { shippingAddress: cart.shippingAddress } : {}),
    ...(cart.shipping ? { shipping: cart.shipping } : {}),
  };
  return { lines: cart.lines ?? [], currency: cart.currency, ...extras };
}

function newCart(ref: Pick<CartRef, 'id' | 'owner' | 'userId'>, contents: CartContents, now: number): Cart {
  const cart: Cart = {
    id: ref.id,
    owner: ref.owner,
    lines: contents.lines,
    createdAt: now,
    updatedAt: now,
    expiresAt: cartExpiry(ref.owner, now, config().carts),
  };
  if (ref.userId) cart.userId = ref.userId;
  if (contents.currency) cart.currency = contents.currency;
  if (contents.coupons?.length) cart.coupons = contents.coupons;
  if (contents.shippingAddress) cart.shippingAddress = contents.shippingAddress;
  if (contents.shipping) cart.shipping = contents.shipping;
  return cart;
}

function changeOf(owner: CartOwner, contents: CartContents, now: number) {
  // `$set` of null clears the currency of a cart that became empty.
  const fields = {
    lines: contents.lines,
    currency: contents.currency ?? null,
    coupons: contents.coupons ?? [],
    shippingAddress: contents.shippingAddress ?? null,
    shipping: contents.shipping ?? null,
    updatedAt: now,
  };
  return { $set: { ...fields, expiresAt: cartExpiry(owner, now, config().carts) } };
}

/** The two ways a cart is written: a change to one cart, and folding an anonymous cart into a customer's. */
export const cartWrites = {
  /**
   * Read, apply a pure change, write back against the version read (optimistic concurrency), and
   * start over on a lost race, so concurrent writes to one cart never lose a line. `apply`
   * returning null means nothing to write. Every write pushes the expiry out. With a `mutation`
   * id, the change is made once: a repeat (a broker or client retry) answers with the cart as it is.
   */
  async mutateCart(
    this: CartsThis,
    ref: CartRef,
    apply: (cart: CartContents) => CartContents | null,
    mutation?: string,
  ): Promise<Cart | null> {
    let insertClashed = false;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const current = await this.carts().get(ref.id);
      // Read again: the cart above may predate the change that wrote the record.
      if (mutation && (await wasApplied(this, mutation))) return this.carts().get(ref.id);
      // The version check below makes this hold even when a claim lands between the read and the write.
      if (current?.checkoutOrderId) {
        if (await this.lapseClaim(current)) continue;
        throw inCheckout(current.checkoutOrderId);
      }
      let next: CartContents | null;
      try {
        next = apply(contentsOf(current));
      } catch (err) {
        throw clientError(err);
      }
      if (!next) return current;
      const now = Date.now();
      try {
        if (mutation) {
          if (!current && insertClashed) await this.carts().purgeExpired();
          const write: WriteOp = current
            ? {
                op: 'update',
                collection: 'carts',
                id: ref.id,
                change: changeOf(ref.owner, next, now),
                expectVersion: current.version,
              }
            : { op: 'insert', collection: 'carts', doc: newCart(ref, next, now) };
          await this.store('carts').atomic([write, appliedRecord(mutation, ref.id, now)]);
          return await this.carts().get(ref.id);
        }
        if (current) {
          const updated = await this.carts().update(ref.id, changeOf(ref.owner, next, now), { expectVersion: current.version });
          if (updated) return updated;
        } else {
          // An expired cart keeps its id until purged: clear it once a second insert clashes.
          if (insertClashed) await this.carts().purgeExpired();
          return await this.carts().insert(newCart(ref, next, now));
        }
      } catch (err) {
        if (!LOST_RACE.some((type) => err instanceof type)) throw err;
        if (err instanceof UniqueConflictError) insertClashed = true;
      }
      await backoff(attempt);
    }
    throw tooBusy();
  },

  /**
   * Moves the anonymous cart named by `token` into the customer's cart and deletes it, in one
   * atomic unit conditional on both versions read (two writes: far below DynamoDB's 100).
   * Idempotent: once merged, the anonymous cart is gone and a second merge finds nothing.
   */
  async mergeAnonymous(this: CartsThis, userId: string, token: string): Promise<MergeReport | null> {
    const anonId = anonymousCartId(token);
    const ref = { id: customerCartId(userId), owner: 'customer' as const, userId };
    let insertClashed = false;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const anon = await this.carts().get(anonId);
      if (!anon || anon.owner !== 'anonymous') return null;
      const mine = await this.carts().get(ref.id);
      // A cart held by a checkout takes nothing in; the anonymous cart waits for the next request.
      if (mine?.checkoutOrderId) return null;
      const { contents, report } = mergeCarts(contentsOf(mine), contentsOf(anon), this.limits());
      const now = Date.now();
      const ops: WriteOp[] = [];
      const before = contentsOf(mine);
      // Codes and an address alone are worth carrying over too (an anonymous cart's coupon survives login).
      const extrasChanged =
        JSON.stringify([contents.coupons, contents.shippingAddress]) !== JSON.stringify([before.coupons, before.shippingAddress]);
      if (report.added.length + report.increased.length > 0 || extrasChanged) {
        ops.push(
          mine
            ? {
                op: 'update',
                collection: 'carts',
                id: ref.id,
                change: changeOf('customer', contents, now),
                expectVersion: mine.version,
              }
            : { op: 'insert', collection: 'carts', doc: newCart(ref, contents, now) },
        );
      }
      ops.push({ op: 'remove', collection: 'carts', id: anonId, where: { version: anon.version ?? 1 } });
      try {
        if (insertClashed && !mine) await this.carts().purgeExpired();
        await this.store('carts').atomic(ops);
        return report;
      } catch (err) {
        if (!LOST_RACE.some((type) => err instanceof type)) throw err;
        if (err instanceof UniqueConflictError) insertClashed = true;
      }
      await backoff(attempt);
    }
    throw tooBusy();
  },
};
