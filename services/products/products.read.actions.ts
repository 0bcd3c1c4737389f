import { notFound } from '../../mixins/access/access.middleware';
import { catalogKeygen } from './products.cache';
import type { ProductPage, ProductView, SkuInfo } from './products.contract';
import { categoryPathOf, skuInfos, toView } from './products.domain';
import { listProducts } from './products.listing';
import { invalid, type ProductsActions, type ProductsContext, type ProductsThis, type ReadStamp } from './products.methods';
import { idParam, listParams, skusParams } from './products.params';
import { mergeBoundaries } from './products.prices.domain';
import { listQueryOf } from './products.query.domain';
import { PRODUCTS_RESPONSES } from './products.responses';

const stampParams = { epoch: { type: 'number', integer: true, min: 0 }, gen: { type: 'string', max: 64 } } as const;
const cached = { keygen: catalogKeygen };
const isAdmin = (ctx: ProductsContext) => ctx.meta.user?.roles?.includes('admin') === true;

/**
 * Public reads of a product are thin and uncached: they find the read stamp (price epoch and cache
 * generation) and ask a cached internal action keyed by every param plus that stamp. An answer cached anywhere
 * in [epoch, next boundary) is right until that boundary, when the epoch and so the key change.
 */
export const readActions: ProductsActions = {
  /** Answered by the search read model (products.listing.ts), which has its own freshness; not cached here. */
  list: {
    rest: 'GET /',
    response: PRODUCTS_RESPONSES.list,
    access: 'public',
    idempotent: true,
    params: listParams,
    handler(this: ProductsThis, ctx: ProductsContext<Record<string, unknown>>): Promise<ProductPage> {
      const { query, problems } = listQueryOf(ctx.params);
      if (problems.length) throw invalid(problems);
      return listProducts(ctx, query);
    },
  },

  /** By id or slug. Drafts and archived products are not found, except by admins (who also see the schedules). */
  get: {
    rest: 'GET /:id',
    response: PRODUCTS_RESPONSES.get,
    access: 'public',
    idempotent: true,
    params: { id: idParam, $$strict: true },
    async handler(this: ProductsThis, ctx: ProductsContext<{ id: string }>): Promise<ProductView> {
      const stamp = await this.readStamp(ctx);
      const { id } = ctx.params;
      // Keyed like the cached action (id, epoch, generation), so the node's copy is right exactly when Redis's is.
      const view = await this.viewMemo.get(`${stamp.gen}|${stamp.epoch}|${id}`, () =>
        ctx.call<ProductView | null, ReadStamp & { id: string }>('products.getAt', { id, ...stamp }),
      );
      const admin = isAdmin(ctx);
      if (!view || (view.status !== 'active' && !admin)) throw notFound('Product');
      if (admin) return view;
      return { ...view, variants: view.variants.map(({ prices: _schedule, ...v }) => v) };
    },
  },

  getAt: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    cache: cached,
    params: { id: idParam, ...stampParams },
    async handler(this: ProductsThis, ctx: ProductsContext<ReadStamp & { id: string }>): Promise<ProductView | null> {
      const product = await this.findProduct(ctx.params.id);
      return product ? toView(product, ctx.params.epoch, true) : null;
    },
  },

  /** A write on some catalog node asks every node to drop its copies of hot answers. */
  forgetStamp: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: { $$strict: true },
    handler(this: ProductsThis): void {
      this.stampMemo.forget();
      this.viewMemo.forget();
    },
  },

  /** Every price boundary in the catalog, sorted; `gen` only keys the cache. */
  priceBoundaries: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    cache: cached,
    params: { gen: stampParams.gen },
    async handler(this: ProductsThis): Promise<number[]> {
      const scheduled = await this.products().find({ filter: { priceBounds: { $exists: true } } });
      return mergeBoundaries(scheduled.map((p) => p.priceBounds ?? []));
    },
  },

  /** Contract for carts and orders: found SKUs only, each with the price in effect now. Never cached. */
  variantsBySku: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: skusParams,
    async handler(this: ProductsThis, ctx: ProductsContext<{ skus: string[] }>): Promise<SkuInfo[]> {
      const wanted = new Set(ctx.params.skus);
      const rows = await this.skus().getMany([...wanted]);
      const products = await this.products().getMany([...new Set(rows.map((r) => r.productId))]);
      const categoryIds = [...new Set(products.flatMap((p) => (p.categoryId ? [p.categoryId] : [])))];
      const paths = new Map((await this.categories().getMany(categoryIds)).map((c) => [c.id, categoryPathOf(c.path)]));
      const now = Date.now();
      return products.flatMap((p) => skuInfos(p, wanted, now, paths.get(p.categoryId ?? '') ?? []));
    },
  },

  count: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    handler(this: ProductsThis): Promise<number> {
      return this.products().count();
    },
  },
};
