import type { Category, Product } from './products.contract';

/** A product as a rebuild or a repair reads it: the stored product plus its category's path, root first. */
export type ExportedProduct = Product & {
  categoryPath: string[];
  categoryNames: string[];
  categorySlugs: string[];
};

export const EXPORT_MAX = 1_000;

/** Every category id on the paths of these products (`/root/child/` paths hold the ancestors). */
export function pathIdsOf(products: Product[], categories: Map<string, Category>): string[] {
  const ids = new Set<string>();
  for (const p of products) {
    const path = p.categoryId ? categories.get(p.categoryId)?.path : undefined;
    for (const id of (path ?? '').split('/')) if (id) ids.add(id);
  }
  return [...ids];
}

/** A product with its category path resolved; a category missing meanwhile leaves the path empty. */
export function exported(product: Product, categories: Map<string, Category>): ExportedProduct {
  const own = product.categoryId ? categories.get(product.categoryId) : undefined;
  const path = (own?.path ?? '').split('/').filter(Boolean);
  const along = path.map((id) => categories.get(id));
  const complete = along.every((c): c is Category => c !== undefined);
  const chain = complete ? along : [];
  return {
    ...product,
    categoryPath: chain.map((c) => c.id),
    categoryNames: chain.map((c) => c.name),
    categorySlugs: chain.map((c) => c.slug),
  };
}
