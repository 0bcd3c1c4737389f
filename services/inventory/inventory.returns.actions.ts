import { Errors, type Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { ReturnedUnits, ReturnUnitsParams } from './inventory.contract';
import { stockId } from './inventory.domain';
import { invalid, pause, RACE_ATTEMPTS, type InventoryActions, type InventoryThis } from './inventory.methods';
import { returnUnitsParams } from './inventory.params';
import { actorOf } from './inventory.reservation.actions';
import { INVENTORY_RESPONSES } from './inventory.responses';
import { answerOf, returnedUnitsOf, returnUnitIds, returnUnitOps } from './inventory.returns.domain';

async function returnedUnits(svc: InventoryThis, ref: string): Promise<ReturnedUnits | null> {
  const ids = returnUnitIds(ref);
  const [back, off] = await Promise.all([svc.movements().get(ids.back), svc.movements().get(ids.off)]);
  return returnedUnitsOf(back, off);
}

/** A warehouse is known once it holds stock of any SKU; stock rows are never removed, so a yes stays true. */
async function knownWarehouse(svc: InventoryThis, warehouse: string): Promise<boolean> {
  return (await svc.stock().find({ filter: { warehouse }, limit: 1 })).length > 0;
}

/**
 * The return saga's side of inventory: `inventory.returnUnits {ref, sku, warehouse, quantity,
 * condition}` puts a return's units back (resaleable) or records them written off (damaged), in
 * one unit with the stock-changed outbox row. Once per ref: the ref's `return` movement has an id
 * made from it, so a repeat, concurrent or later, clashes on it, changes nothing, and answers what
 * the first did (even when sent with other figures). A warehouse without a row of the SKU gets one;
 * a warehouse holding no stock at all is refused 422 naming `warehouse` (a typo must not invent one).
 */
export const returnActions: InventoryActions = {
  returnUnits: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    response: INVENTORY_RESPONSES.returnUnits,
    params: returnUnitsParams,
    async handler(this: InventoryThis, ctx: Context<ReturnUnitsParams, CallerMeta>): Promise<ReturnedUnits> {
      const p = ctx.params;
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const row = await this.stock().get(stockId(p.sku, p.warehouse));
        if (!row && !(await knownWarehouse(this, p.warehouse)))
          throw invalid('warehouse', `no stock is kept in warehouse ${p.warehouse}`);
        const ops = returnUnitOps(p, row !== null, actorOf(ctx), Date.now());
        try {
          await this.commitUnit(ops, []);
          return answerOf(ops);
        } catch (err) {
          const clash = err instanceof UniqueConflictError ? (err.data as { collection?: string }).collection : undefined;
          if (clash === 'movements') {
            const first = await returnedUnits(this, p.ref);
            if (first) return first;
          }
          // The row was created (or, never, removed) since the read: read again.
          if (!(clash || err instanceof ConditionFailedError)) throw err;
        }
        await pause(attempt);
      }
      throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
    },
  },
};
