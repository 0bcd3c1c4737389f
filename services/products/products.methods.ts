import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { currentGeneration, invalidateCatalog, type NodeMemo, type StampBase } from './products.cache';
import type { Category, Product, ProductView, SkuRow } from './products.contract';
import { epochAt } from './products.prices.domain';
import type { Problem } from './products.prices.domain';

export type ProductsContext<P = unknown> = Context<P, CallerMeta & { $statusCode?: number }>;

/** What every cached read is keyed by besides its params: the price epoch and the cache generation. */
export interface ReadStamp {
  epoch: number;
  gen: string;
}

export interface ProductsMethods extends StoresMethods, OutboxMethods {
  products(): Collection<Product>;
  categories(): Collection<Category>;
  skus(): Collection<SkuRow>;
  findProduct(idOrSlug: string): Promise<Product | null>;
  findCategory(idOrSlug: string): Promise<Category | null>;
  readStamp(ctx: Context): Promise<ReadStamp>;
  commitWrite(ops: WriteOp[]): Promise<void>;
}

export interface ProductsVars {
  stampMemo: NodeMemo<StampBase>;
  viewMemo: NodeMemo<ProductView | null>;
}
export type ProductsThis = Service & ProductsMethods & ProductsVars;

/**
 * Every catalog node drops its copy of the read stamp. A node that does not answer in time keeps
 * its copies until their TTL (CATALOG_NODE_CACHE_MS): the only window in which it may answer an
 * older catalog.
 */
async function forgetStamps(svc: ProductsThis): Promise<void> {
  const nodes = svc.broker.registry
    .getServiceList({ onlyAvailable: true })
    .filter((s) => s.name === 'products')
    .map((s) => s.nodeID);
  const results = await Promise.allSettled(
    [...new Set(nodes)].map((nodeID) => svc.broker.call('products.forgetStamp', {}, { nodeID, timeout: 1_000, retries: 0 })),
  );
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) svc.logger.warn(`${failed} catalog node(s) did not drop their cached answers; their copies lapse on their own`);
}
export type ProductsActions = NonNullable<ServiceSchema<ServiceSettingSchema, ProductsMethods, ProductsVars>['actions']>;

export const invalid = (problems: Problem[]) => new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', problems);

async function byIdOrSlug<T extends { id: string }>(
  collection: Collection<T & { slug: string }>,
  key: string,
): Promise<T | null> {
  return (await collection.get(key)) ?? (await collection.find({ filter: { slug: key }, limit: 1 }))[0] ?? null;
}

export const productsMethods = {
  products(this: ProductsThis) {
    return this.store('catalog').collection<Product>('products');
  },
  categories(this: ProductsThis) {
    return this.store('catalog').collection<Category>('categories');
  },
  skus(this: ProductsThis) {
    return this.store('catalog').collection<SkuRow>('skus');
  },
  findProduct(this: ProductsThis, idOrSlug: string) {
    return byIdOrSlug<Product>(this.products(), idOrSlug);
  },
  findCategory(this: ProductsThis, idOrSlug: string) {
    return byIdOrSlug<Category>(this.categories(), idOrSlug);
  },

  /**
   * The generation first, then the boundaries (cached per generation), then the epoch: a read keyed
   * by these can be answered from the cache until the next price boundary or the next write.
   */
  async readStamp(this: ProductsThis, ctx: Context): Promise<ReadStamp> {
    const { gen, boundaries } = await this.stampMemo.get('stamp', async () => {
      const gen = await currentGeneration(this.broker.cacher);
      return { gen, boundaries: await ctx.call<number[], { gen: string }>('products.priceBoundaries', { gen }) };
    });
    return { epoch: epochAt(boundaries, Date.now()), gen };
  },

  /**
   * Applies a write unit (state plus its outbox rows), then invalidates cached reads on every
   * catalog node and publishes the events: the write answers only once any read anywhere sees it.
   */
  async commitWrite(this: ProductsThis, ops: WriteOp[]): Promise<void> {
    await this.store('catalog').atomic(ops);
    await invalidateCatalog(this.broker.cacher);
    await forgetStamps(this);
    await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after a catalog write: ${err.message}`));
  },
};
