import { randomUUID } from 'node:crypto';
import { Errors, type Context } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { Change, Filter, WriteOp } from '../../mixins/store/store.types';
import type {
  AdjustParams,
  Movement,
  MovementPage,
  ReceiveParams,
  SettingsParams,
  SkuLevels,
  StockSettings,
} from './inventory.contract';
import { available, levelsOf, newStock, receiptMovement, settingsOf, stockId } from './inventory.domain';
import { stockChangedOps } from './inventory.events';
import { insufficient, invalid, pause, RACE_ATTEMPTS, type InventoryActions, type InventoryThis } from './inventory.methods';
import { StaleStockError, adjustUnit } from './inventory.ops';
import { adjustParams, movementsParams, receiveParams, settingsParams, skuParam } from './inventory.params';
import { actorOf } from './inventory.reservation.actions';
import { INVENTORY_RESPONSES } from './inventory.responses';
import { stockVisible } from './inventory.visibility';

type Ctx<P> = Context<P, CallerMeta & { $statusCode?: number }>;

/** Stock levels for everyone; receipts, adjustments, settings and the ledger for staff. */
export const stockActions: InventoryActions = {
  levels: {
    rest: 'GET /:sku',
    response: INVENTORY_RESPONSES.levels,
    access: 'public',
    idempotent: true,
    params: { sku: skuParam },
    async handler(this: InventoryThis, ctx: Ctx<{ sku: string }>): Promise<SkuLevels> {
      const { sku } = ctx.params;
      // Staff see any SKU without asking the catalog.
      if (!stockVisible(ctx.meta.user, null)) {
        const variants = await ctx.call<{ sku: string; productStatus: string }[], object>('products.variantsBySku', {
          skus: [sku],
        });
        // A draft's or archived product's SKU answers like one that does not exist.
        const status = variants.find((v) => v.sku === sku)?.productStatus ?? null;
        if (!stockVisible(ctx.meta.user, status)) throw notFound('SKU');
      }
      return levelsOf(sku, await this.stock().find({ filter: { sku } }));
    },
  },

  /** Adds received goods; idempotent per (ref, sku, warehouse). */
  receive: {
    rest: 'POST /receipts',
    response: INVENTORY_RESPONSES.receive,
    access: { roles: ['admin'] },
    idempotent: false,
    params: receiveParams,
    async handler(this: InventoryThis, ctx: Ctx<ReceiveParams>): Promise<SkuLevels> {
      const p = ctx.params;
      const store = this.store('inventory');
      const now = Date.now();
      const movement = { op: 'insert' as const, collection: 'movements', doc: receiptMovement(p, now, actorOf(ctx)) };
      const withEvent = (stock: WriteOp): WriteOp[] => [stock, movement, ...stockChangedOps([stock], now)];
      // Two tries cover the race where another receipt creates the stock row between ours.
      receipt: for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const change: Change = { $inc: { onHand: p.quantity }, $set: { updatedAt: now } };
          await store.atomic(withEvent({ op: 'update', collection: 'stock', id: stockId(p.sku, p.warehouse), change }));
          break;
        } catch (err) {
          if (err instanceof UniqueConflictError) break; // this ref was applied before
          if (!(err instanceof ConditionFailedError)) throw err;
        }
        try {
          await store.atomic(withEvent({ op: 'insert', collection: 'stock', doc: newStock(p, now) }));
          break;
        } catch (err) {
          if (!(err instanceof UniqueConflictError)) throw err;
          if ((err.data as { collection?: string }).collection === 'movements') break receipt;
        }
      }
      await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after a receipt: ${err.message}`));
      ctx.meta.$statusCode = 201;
      return levelsOf(p.sku, await this.stock().find({ filter: { sku: p.sku } }));
    },
  },

  /** A manual change of on-hand units with its reason; never drives available below zero. */
  adjust: {
    rest: 'POST /adjustments',
    response: INVENTORY_RESPONSES.adjust,
    access: { roles: ['admin'] },
    idempotent: false,
    params: adjustParams,
    async handler(this: InventoryThis, ctx: Ctx<AdjustParams>): Promise<SkuLevels> {
      const p = ctx.params;
      const actor = actorOf(ctx);
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const row = await this.stock().get(stockId(p.sku, p.warehouse));
        if (!row) throw notFound('Stock');
        if (available(row) + p.delta < 0) throw insufficient([{ sku: p.sku, requested: -p.delta, available: available(row) }]);
        const now = Date.now();
        const movement: Movement = {
          id: randomUUID(),
          sku: p.sku,
          warehouse: p.warehouse,
          onHandDelta: p.delta,
          reservedDelta: 0,
          reason: p.reason,
          ref: actor,
          actor,
          ...(p.note ? { note: p.note } : {}),
          at: now,
        };
        try {
          const unit = adjustUnit(row, movement, now);
          await this.commitUnit(unit.ops, unit.lowStock);
          ctx.meta.$statusCode = 201;
          return levelsOf(p.sku, await this.stock().find({ filter: { sku: p.sku } }));
        } catch (err) {
          if (!(err instanceof ConditionFailedError || err instanceof StaleStockError)) throw err;
        }
        await pause(attempt);
      }
      throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
    },
  },

  settings: {
    rest: 'PUT /:sku/warehouses/:warehouse/settings',
    response: INVENTORY_RESPONSES.settings,
    access: { roles: ['admin'] },
    idempotent: false,
    params: settingsParams,
    async handler(this: InventoryThis, ctx: Ctx<SettingsParams>): Promise<StockSettings> {
      const { sku, warehouse, reorderPoint, priority } = ctx.params;
      if (reorderPoint === undefined && priority === undefined)
        throw invalid('reorderPoint', 'give reorderPoint, priority or both');
      const set = {
        updatedAt: Date.now(),
        ...(reorderPoint !== undefined && { reorderPoint }),
        ...(priority !== undefined && { priority }),
      };
      // The record's version moves, so the read models keeping it (search) hear of it too, in the same unit.
      const update: WriteOp = { op: 'update', collection: 'stock', id: stockId(sku, warehouse), change: { $set: set } };
      try {
        await this.store('inventory').atomic([update, ...stockChangedOps([update], set.updatedAt)]);
      } catch (err) {
        if (err instanceof ConditionFailedError) throw notFound('Stock');
        throw err;
      }
      await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after settings: ${err.message}`));
      const row = await this.stock().get(stockId(sku, warehouse));
      if (!row) throw notFound('Stock');
      return settingsOf(row);
    },
  },

  movements: {
    rest: 'GET /:sku/movements',
    response: INVENTORY_RESPONSES.movements,
    access: { roles: ['admin', 'support'] },
    idempotent: true,
    params: movementsParams,
    async handler(
      this: InventoryThis,
      ctx: Ctx<{ sku: string; warehouse?: string; page: number; pageSize: number }>,
    ): Promise<MovementPage> {
      const { sku, warehouse, page, pageSize } = ctx.params;
      const filter: Filter = warehouse ? { sku, warehouse } : { sku };
      const [rows, total] = await Promise.all([
        this.movements().find({ filter, sort: ['-at'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.movements().count({ filter }),
      ]);
      return { rows, total, page, pageSize };
    },
  },
};
