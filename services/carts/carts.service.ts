import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { StoresMixin } from '../../mixins/stores.mixin';
import { cartActions } from './carts.actions';
import { cartsMethods, type CartsMethods, type CartsThis } from './carts.methods';
import { cartsSchema } from './carts.schema';

// DynamoDB deletes expired carts itself (TTL); other engines only hide them until purged.
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * Shopping carts: one per customer, plus anonymous carts addressed by a cart token and merged into
 * the customer's cart at login. Lines are priced from the catalog and stock on every read.
 */
const CartsService: ServiceSchema<ServiceSettingSchema, CartsMethods> = {
  name: 'carts',
  mixins: [StoresMixin({ carts: cartsSchema })],
  settings: { rest: '/cart' },
  actions: cartActions,
  methods: cartsMethods,
  started(this: CartsThis & { purgeTimer?: NodeJS.Timeout }) {
    if (this.store('carts').engine === 'dynamodb') return;
    this.purgeTimer = setInterval(() => {
      this.carts()
        .purgeExpired()
        .catch((err: Error) => this.logger.warn(`Purging expired carts failed: ${err.message}`));
    }, PURGE_INTERVAL_MS).unref();
  },
  stopped(this: CartsThis & { purgeTimer?: NodeJS.Timeout }) {
    clearInterval(this.purgeTimer);
  },
};

export default CartsService;
