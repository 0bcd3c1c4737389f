import type { Context, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { StoresMixin, type StoresMethods } from '../../mixins/stores.mixin';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import type { ReceiveParams, SkuLevels, StockRecord } from './inventory.contract';
import { inventorySchema } from './inventory.schema';
import { levelsOf, newStock, receiptMovement, stockId } from './inventory.domain';

interface InventoryMethods extends StoresMethods {
  stock(): Collection<StockRecord>;
  applyReceipt(p: ReceiveParams): Promise<void>;
}

const skuParam = { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ } as const;

const InventoryService: ServiceSchema<ServiceSettingSchema, InventoryMethods> = {
  name: 'inventory',
  mixins: [StoresMixin({ inventory: inventorySchema })],
  actions: {
    /** Adds received goods; idempotent per (ref, sku, warehouse). */
    receive: {
      visibility: 'public',
      access: { roles: ['admin'] },
      params: {
        sku: skuParam,
        warehouse: { type: 'string', pattern: /^[a-z0-9-]{1,32}$/ },
        quantity: { type: 'number', integer: true, min: 1, max: 1_000_000 },
        ref: { type: 'string', min: 1, max: 128 },
        $$strict: true,
      },
      async handler(ctx: Context<ReceiveParams>): Promise<SkuLevels> {
        await this.applyReceipt(ctx.params);
        return levelsOf(ctx.params.sku, await this.stock().find({ filter: { sku: ctx.params.sku } }));
      },
    },
    levels: {
      rest: 'GET /:sku',
      access: 'public',
      params: { sku: skuParam },
      async handler(ctx: Context<{ sku: string }>): Promise<SkuLevels> {
        return levelsOf(ctx.params.sku, await this.stock().find({ filter: { sku: ctx.params.sku } }));
      },
    },
  },
  methods: {
    stock(): Collection<StockRecord> {
      return this.store('inventory').collection<StockRecord>('stock');
    },
    async applyReceipt(p: ReceiveParams): Promise<void> {
      const store = this.store('inventory');
      const now = Date.now();
      const movement = { op: 'insert' as const, collection: 'movements', doc: receiptMovement(p, now) };
      // Two tries cover the race where another receipt creates the stock row between ours.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const id = stockId(p.sku, p.warehouse);
          await store.atomic([{ op: 'update', collection: 'stock', id, change: { $inc: { onHand: p.quantity }, $set: { updatedAt: now } } }, movement]);
          return;
        } catch (err) {
          if (err instanceof UniqueConflictError) return; // this ref was applied before
          if (!(err instanceof ConditionFailedError)) throw err;
        }
        try {
          await store.atomic([{ op: 'insert', collection: 'stock', doc: newStock(p, now) }, movement]);
          return;
        } catch (err) {
          if (!(err instanceof UniqueConflictError)) throw err;
          if ((err.data as { collection?: string }).collection === 'movements') return;
        }
      }
    },
  },
};

export default InventoryService;
