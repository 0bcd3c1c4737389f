import type { WriteOp } from '../../mixins/store/store.types';
import type { CartsContext, CartsThis } from './carts.methods';
import { mutationId, requestOf } from './carts.mutations.domain';

/**
 * The changes applied to carts, one row per request and change, kept for RETENTION_DAYS
 * (mixins/store/retention.ts). Apart from the carts: a cart emptied by an order is deleted, and a
 * retry landing after that must still find that its change was made.
 */
export const MUTATIONS = 'cart_mutations';

/** The id of the change `ctx` asks of the cart `cartId` (see carts.mutations.domain.ts). */
export function mutationOf(ctx: CartsContext, cartId: string, action: string): string | undefined {
  const meta = ctx.meta as { requestIdempotencyKey?: string };
  const request = requestOf({ idempotencyKey: meta.requestIdempotencyKey, parentId: ctx.parentID, requestId: ctx.requestID });
  return request ? mutationId(cartId, action, request, ctx.params as Record<string, unknown>) : undefined;
}

export async function wasApplied(svc: CartsThis, id: string): Promise<boolean> {
  return (await svc.store('carts').collection(MUTATIONS).get(id)) !== null;
}

/** Written in the same unit as the change: its unique id is what makes a repeat lose. */
export const appliedRecord = (id: string, cartId: string, now: number): WriteOp => ({
  op: 'insert',
  collection: MUTATIONS,
  doc: { id, cartId, appliedAt: now },
});
