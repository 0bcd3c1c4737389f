import type { Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { stockChangedEnvelopes } from './inventory.events';
import { exportActions } from './inventory.export.actions';
import { inventoryMethods, type InventoryMethods, type InventoryThis } from './inventory.methods';
import { reservationActions } from './inventory.reservation.actions';
import { restockActions } from './inventory.restock.actions';
import { returnActions } from './inventory.returns.actions';
import { receiptActions } from './inventory.receipts.actions';
import { inventorySchema } from './inventory.schema';
import { stockActions } from './inventory.stock.actions';

/**
 * Stock per SKU per warehouse, the movements ledger that explains every change to it, and order
 * reservations (reserve / release / commit, expiring holds released by a sweeper on every node).
 */
const InventoryService: ServiceSchema<ServiceSettingSchema, InventoryMethods> = {
  name: 'inventory',
  mixins: [
    StoresMixin({ inventory: inventorySchema }),
    OutboxMixin('inventory', function (this: Service, envelope) {
      return stockChangedEnvelopes((this as InventoryThis).stock(), envelope);
    }),
    // Every node sweeps; each hold ends once, whichever node gets it.
    PeriodicMixin<InventoryThis>('Reservation sweep', {
      everyMs: () => config().inventory.sweepIntervalMs,
      run() {
        return this.expireDue();
      },
    }),
  ],
  settings: { rest: '/inventory' },
  actions: { ...stockActions, ...reservationActions, ...restockActions, ...exportActions, ...receiptActions, ...returnActions },
  methods: inventoryMethods,
};

export default InventoryService;
