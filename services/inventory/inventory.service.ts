import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { inventoryMethods, type InventoryMethods, type InventoryThis } from './inventory.methods';
import { reservationActions } from './inventory.reservation.actions';
import { restockActions } from './inventory.restock.actions';
import { inventorySchema } from './inventory.schema';
import { stockActions } from './inventory.stock.actions';

type SweeperThis = InventoryThis & { sweepTimer?: NodeJS.Timeout; sweeping?: Promise<unknown> };

/**
 * Stock per SKU per warehouse, the movements ledger that explains every change to it, and order
 * reservations (reserve / release / commit, expiring holds released by a sweeper on every node).
 */
const InventoryService: ServiceSchema<ServiceSettingSchema, InventoryMethods> = {
  name: 'inventory',
  mixins: [StoresMixin({ inventory: inventorySchema }), OutboxMixin('inventory')],
  settings: { rest: '/inventory' },
  actions: { ...stockActions, ...reservationActions, ...restockActions },
  methods: inventoryMethods,
  started(this: SweeperThis) {
    this.sweepTimer = setInterval(() => {
      // One pass at a time per node; other nodes may sweep alongside (each hold ends once).
      this.sweeping ??= this.expireDue()
        .catch((err: Error) => this.logger.warn(`Reservation sweep: ${err.message}`))
        .finally(() => (this.sweeping = undefined));
    }, config().inventory.sweepIntervalMs);
    this.sweepTimer.unref();
  },
  async stopped(this: SweeperThis) {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  },
};

export default InventoryService;
