import { exportPageParams, scanFromParam } from '../../mixins/store/store.cursor';
import type { Product } from './products.contract';
import type { ExportPage } from '../search/search.contract';
import { EXPORT_MAX, exported, pathIdsOf, type ExportedProduct } from './products.export.domain';
import type { ProductsActions, ProductsContext, ProductsThis } from './products.methods';
import { idParam } from './products.params';

const exportParams = {
  ...exportPageParams(EXPORT_MAX),
  ids: { type: 'array', items: idParam, max: EXPORT_MAX, optional: true },
  $$strict: true,
} as const;

/** Adds each product's category path (two reads per page: the products' categories, then every ancestor). */
async function withPaths(svc: ProductsThis, products: Product[]): Promise<ExportedProduct[]> {
  const own = [...new Set(products.flatMap((p) => (p.categoryId ? [p.categoryId] : [])))];
  const first = new Map((await svc.categories().getMany(own)).map((c) => [c.id, c]));
  const missing = pathIdsOf(products, first).filter((id) => !first.has(id));
  for (const c of await svc.categories().getMany(missing)) first.set(c.id, c);
  return products.map((p) => exported(p, first));
}

/**
 * What the search index is rebuilt and repaired from: every product once (the store's native scan, so
 * a page is one bounded read whatever the catalog's size; `next` is its opaque cursor), drafts and
 * archived ones included, each with its category path. `ids` reads just those products (a repair's drifted ids).
 */
export const exportActions: ProductsActions = {
  export: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: exportParams,
    async handler(
      this: ProductsThis,
      ctx: ProductsContext<{ after?: string; limit?: number; ids?: string[] }>,
    ): Promise<ExportPage<ExportedProduct>> {
      const { after, limit = 500, ids } = ctx.params;
      if (ids) {
        const found = await this.products().getMany([...new Set(ids)]);
        return {
          rows: await withPaths(
            this,
            found.sort((a, b) => (a.id < b.id ? -1 : 1)),
          ),
          next: null,
        };
      }
      const page = await scanFromParam(this.products(), 'after', after, limit);
      return { rows: await withPaths(this, page.docs), next: page.cursor };
    },
  },
};
