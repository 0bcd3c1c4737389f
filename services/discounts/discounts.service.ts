import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './discounts.admin.actions';
import { discountsMethods, type DiscountsMethods, type DiscountsThis } from './discounts.methods';
import { discountsSchema, taxSchema } from './discounts.schema';
import { usageActions } from './discounts.usage.actions';

/**
 * Promotions, coupon codes and their usage limits, and tax rates: everything `discounts.price`
 * needs to price a cart or an order in one call (promotions first, then tax on the discounted lines).
 */
const DiscountsService: ServiceSchema<ServiceSettingSchema, DiscountsMethods> = {
  name: 'discounts',
  mixins: [
    StoresMixin({ discounts: discountsSchema, tax: taxSchema }),
    OutboxMixin('discounts'),
    // Every node sweeps (at inventory's pace: a use is held as long as the order's stock); each use is released once.
    PeriodicMixin<DiscountsThis>('Promotion usage sweep', {
      everyMs: () => config().inventory.sweepIntervalMs,
      async run() {
        await this.ensureConnected('discounts');
        return this.usage().expireDue();
      },
    }),
  ],
  settings: { rest: '/admin' },
  actions: { ...adminActions, ...usageActions },
  methods: discountsMethods,
};

export default DiscountsService;
