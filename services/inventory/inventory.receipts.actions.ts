import type { Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import { newStock, receiptMovement } from './inventory.domain';
import type { InventoryActions, InventoryThis } from './inventory.methods';
import { receiveParams } from './inventory.params';
import { actorOf } from './inventory.reservation.actions';

type Line = { sku: string; warehouse: string; quantity: number };

/** Lines per unit: a new stock row, its uniqueness guard and its movement each, plus one outbox row, stay under DynamoDB's 100. */
const CHUNK = 25;
const MAX_BATCH = 2_000;

const { ref, sku, warehouse, quantity } = receiveParams;
const batchParams = {
  ref,
  lines: { type: 'array', min: 1, max: MAX_BATCH, items: { type: 'object', strict: true, props: { sku, warehouse, quantity } } },
  $$strict: true,
} as const;

/** The writes that receive `lines` into stock rows none of which exists yet: one unit, with its stock-changed row. */
const firstReceipts = (lines: Line[], ref: string, actor: string, now: number): WriteOp[] =>
  lines.flatMap((l): WriteOp[] => [
    { op: 'insert', collection: 'stock', doc: newStock({ ...l, ref }, now) },
    { op: 'insert', collection: 'movements', doc: receiptMovement({ ...l, ref }, now, actor) },
  ]);

/**
 * Bulk receipts (seeding a demo catalog, importing a warehouse): many lines under one ref. Lines
 * whose stock rows do not exist yet go in units of CHUNK (rows, movements and one stock-changed
 * event each); a unit that meets an existing row or an applied receipt is received line by line
 * (`inventory.receive`), which is idempotent per (ref, sku, warehouse). So the batch is too.
 */
export const receiptActions: InventoryActions = {
  receiveBatch: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: batchParams,
    async handler(this: InventoryThis, ctx: Context<{ ref: string; lines: Line[] }, CallerMeta>): Promise<{ lines: number }> {
      const { ref, lines } = ctx.params;
      for (let at = 0; at < lines.length; at += CHUNK) {
        const chunk = lines.slice(at, at + CHUNK);
        try {
          await this.commitUnit(firstReceipts(chunk, ref, actorOf(ctx), Date.now()), []);
        } catch (err) {
          if (!(err instanceof UniqueConflictError)) throw err;
          for (const line of chunk) await ctx.call('inventory.receive', { ...line, ref }, { meta: ctx.meta });
        }
      }
      return { lines: lines.length };
    },
  },
};
