import { Errors, type Context } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import type { Movement, ReservationDoc } from './inventory.contract';
import { stockId } from './inventory.domain';
import type { InventoryActions, InventoryThis } from './inventory.methods';
import { commitParams } from './inventory.params';
import { actorOf } from './inventory.reservation.actions';

/** What a restock put back: per SKU and warehouse, the units the order had bought there. */
export interface Restock {
  orderId: string;
  lines: { sku: string; warehouse: string; quantity: number }[];
}

/** Movement ids derive from the order, so a repeated restock collides instead of counting twice. */
export const returnMovementId = (orderId: string, sku: string, warehouse: string) => `return#${orderId}#${sku}#${warehouse}`;

export function restockLines(doc: ReservationDoc): Restock['lines'] {
  return doc.lines
    .flatMap((l) => l.allocations.map((a) => ({ sku: l.sku, warehouse: a.warehouse, quantity: a.quantity })))
    .sort((a, b) => stockId(a.sku, a.warehouse).localeCompare(stockId(b.sku, b.warehouse)));
}

/**
 * The writes of a restock, as pure data: the sold units back on hand where they were sold from,
 * each with its `return` movement (stock rows in id order, as every unit locks them).
 */
export function restockUnit(doc: ReservationDoc, actor: string, now: number): WriteOp[] {
  const lines = restockLines(doc);
  const updates: WriteOp[] = lines.map((l) => ({
    op: 'update',
    collection: 'stock',
    id: stockId(l.sku, l.warehouse),
    change: { $inc: { onHand: l.quantity }, $set: { updatedAt: now } },
  }));
  const movements: WriteOp[] = lines.map((l) => {
    const movement: Movement = {
      id: returnMovementId(doc.id, l.sku, l.warehouse),
      sku: l.sku,
      warehouse: l.warehouse,
      onHandDelta: l.quantity,
      reservedDelta: 0,
      reason: 'return',
      ref: doc.id,
      actor,
      at: now,
    };
    return { op: 'insert', collection: 'movements', doc: movement };
  });
  return [...updates, ...movements];
}

/** The cancel-order saga's side of inventory: a sold order's units return to stock, once per order. */
export const restockActions: InventoryActions = {
  restock: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: commitParams,
    async handler(this: InventoryThis, ctx: Context<{ orderId: string }, CallerMeta>): Promise<Restock> {
      const { orderId } = ctx.params;
      const doc = await this.reservations().get(orderId);
      if (!doc) throw notFound('Reservation');
      const answer: Restock = { orderId, lines: restockLines(doc) };
      if (doc.status !== 'committed')
        throw new Errors.MoleculerClientError(
          `The reservation is ${doc.status}: nothing was sold to restock`,
          409,
          'RESERVATION_NOT_COMMITTED',
        );
      const [first] = answer.lines;
      if (!first || (await this.movements().get(returnMovementId(orderId, first.sku, first.warehouse)))) return answer;
      try {
        await this.commitUnit(restockUnit(doc, actorOf(ctx), Date.now()), []);
      } catch (err) {
        // A concurrent restock of the same order won: its movements are ours.
        if (!(err instanceof UniqueConflictError && (err.data as { collection?: string }).collection === 'movements')) throw err;
      }
      return answer;
    },
  },
};
