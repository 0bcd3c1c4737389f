import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { NodeMemo } from './products.cache';
import { categoryActions } from './products.categories.actions';
import { exportActions } from './products.export.actions';
import { productsMethods, type ProductsMethods, type ProductsThis, type ProductsVars } from './products.methods';
import { readActions } from './products.read.actions';
import { catalogSchema } from './products.schema';
import { backfillSkus } from './products.skus';
import { writeActions } from './products.write.actions';

/**
 * The catalog: products with variants (SKUs) and price schedules, a category tree, a listing with
 * facets (answered by the search read model), and admin writes that publish `product.changed` and
 * `category.changed`.
 * Routes: `/api/products/...` and `/api/categories/...`.
 */
const ProductsService: ServiceSchema<ServiceSettingSchema, ProductsMethods, ProductsVars> = {
  name: 'products',
  settings: { rest: '/products' },
  mixins: [StoresMixin({ catalog: catalogSchema }), OutboxMixin('catalog')],
  actions: { ...readActions, ...writeActions, ...categoryActions, ...exportActions },
  // The mixins supply store() and flushOutbox(); Moleculer merges them in before anything runs.
  methods: productsMethods,
  created(this: ProductsThis) {
    const { nodeCacheMs, nodeCacheMax } = config().catalog;
    this.stampMemo = new NodeMemo(nodeCacheMs);
    this.viewMemo = new NodeMemo(nodeCacheMs, nodeCacheMax);
  },
  async started(this: ProductsThis) {
    await backfillSkus(this);
  },
};

export default ProductsService;
