import type { Context, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin, type StoresMethods } from '../../mixins/stores.mixin';
import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import type { StockChanged } from './search.contract';
import { searchActions, type SearchThis, type SearchVars } from './search.actions';
import { PgSearchIndex } from './search.index.pg';
import { SEARCH_SESSION } from './search.index.ddl';
import { readRunnerOf, SearchRebuildMixin } from './search.rebuild.mixin';
import { projectProduct, projectStock, refreshCategory, refreshProducts, type ProductChange } from './search.projection';
import { searchSchema } from './search.schema';

type This = SearchThis;

/** Re-pricing pass: documents whose scheduled price change has come are re-read, this many per pass. */
const REPRICE_EVERY_MS = 10_000;
const REPRICE_BATCH = 500;

/** The index's tables exist; consumers (subscribed by their mixin before `started`) wait for it too. */
const ready = (svc: This): Promise<void> => (svc.indexReady ??= svc.ensureConnected('search').then(() => svc.index.ensure()));

const data = <T>(envelope: EventEnvelope) => (envelope.data ?? {}) as Partial<T>;
const malformed = (svc: This, envelope: EventEnvelope) =>
  svc.logger.warn(`Ignoring a malformed ${envelope.event} event ${String(envelope.id)}`);

/**
 * The search read model: one document per product, fed by the catalog's and inventory's durable
 * events (re-reading the product, keeping the source's version per entity), answering
 * `GET /api/search` and the catalog listing from its own PostgreSQL index (search.index.ts).
 */
const SearchService: ServiceSchema<ServiceSettingSchema, StoresMethods, SearchVars> & ConsumerSchema<This> = {
  name: 'search',
  settings: { rest: '/search' },
  mixins: [
    StoresMixin({ search: searchSchema }),
    ConsumerMixin(),
    SearchRebuildMixin,
    PeriodicMixin<This>('Search re-pricing', {
      everyMs: () => REPRICE_EVERY_MS,
      async run() {
        const due = await this.index.dueForRepricing(Date.now(), REPRICE_BATCH);
        if (due.length)
          await refreshProducts(this.index, this.broker.ContextFactory.create(this.broker, null as never, {}, {}), due);
      },
    }),
  ],
  actions: searchActions,
  eventConsumers: {
    'product.changed': {
      // One product's changes in turn; products side by side. The version guard orders them anyway.
      key: (envelope) => data<ProductChange>(envelope).id,
      async handler(this: This, envelope: EventEnvelope, ctx: Context) {
        const change = data<ProductChange>(envelope);
        if (typeof change.id !== 'string') return malformed(this, envelope);
        await ready(this);
        await projectProduct(this.index, ctx, change as ProductChange);
      },
    },
    'category.changed': {
      key: (envelope) => data<{ id: string }>(envelope).id,
      async handler(this: This, envelope: EventEnvelope, ctx: Context) {
        const { id } = data<{ id: string }>(envelope);
        if (typeof id !== 'string') return malformed(this, envelope);
        await ready(this);
        await refreshCategory(this.index, ctx, id);
      },
    },
    'inventory.stock-changed': {
      key: (envelope) => data<StockChanged>(envelope).sku,
      async handler(this: This, envelope: EventEnvelope) {
        const stock = data<StockChanged>(envelope);
        if (typeof stock.sku !== 'string' || typeof stock.warehouse !== 'string' || typeof stock.version !== 'number')
          return malformed(this, envelope);
        await ready(this);
        await projectStock(this.index, stock as StockChanged);
      },
    },
  },
  created() {
    this.index = new PgSearchIndex(sqlRunnerOf(this.store('search'), SEARCH_SESSION), readRunnerOf(this));
  },
  async started() {
    await ready(this);
  },
};

export default SearchService;
