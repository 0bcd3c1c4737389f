import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { cartActions } from './carts.actions';
import { checkoutActions, claimMethods } from './carts.checkout';
import { couponActions } from './carts.coupons';
import { cartsMethods, type CartsMethods, type CartsThis } from './carts.methods';
import { cartsSchema } from './carts.schema';
import { shippingActions, shippingMethods } from './carts.shipping';

// DynamoDB deletes expired carts itself (TTL); other engines only hide them until purged.
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * Shopping carts: one per customer, plus anonymous carts addressed by a cart token and merged into
 * the customer's cart at login. Lines are priced from the catalog and stock on every read.
 */
const CartsService: ServiceSchema<ServiceSettingSchema, CartsMethods> = {
  name: 'carts',
  mixins: [
    StoresMixin({ carts: cartsSchema }),
    PeriodicMixin<CartsThis>('Purging expired carts', {
      everyMs: () => PURGE_INTERVAL_MS,
      skip() {
        return this.store('carts').engine === 'dynamodb';
      },
      run() {
        return this.carts().purgeExpired();
      },
    }),
  ],
  settings: { rest: '/cart' },
  actions: { ...cartActions, ...couponActions, ...shippingActions, ...checkoutActions },
  methods: { ...cartsMethods, ...claimMethods, ...shippingMethods },
};

export default CartsService;
