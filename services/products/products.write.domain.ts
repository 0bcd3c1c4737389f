import type { WriteOp } from '../../mixins/store/store.types';
import type { Price, Product, ProductChanged, ProductInput, ProductPatch } from './products.contract';
import { derivedFields, toVariants } from './products.domain';

/**
 * Products as the next write leaves them, derived fields included. Pure: the actions read, plan
 * with these, and commit the plan in one atomic unit.
 */

type Content = Omit<Product, 'attrKeys' | 'priceBounds' | 'version'>;

const withDerived = (content: Content): Product => ({ ...content, ...derivedFields(content) });

export function newProduct(input: ProductInput, id: string, now: number): Product {
  return withDerived({
    id,
    slug: input.slug,
    name: input.name,
    description: input.description ?? '',
    brand: input.brand,
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    status: input.status ?? 'draft',
    attributes: input.attributes ?? {},
    images: input.images ?? [],
    variants: toVariants(input.variants),
    createdAt: now,
    updatedAt: now,
  });
}

export function patchedProduct(current: Product, patch: ProductPatch, now: number): Product {
  const { attrKeys: _a, priceBounds: _p, version: _v, ...content } = current;
  const { variants, categoryId, ...fields } = patch;
  const next: Content = { ...content, ...fields, updatedAt: now };
  if (variants) next.variants = toVariants(variants);
  if (categoryId === null) delete next.categoryId;
  else if (categoryId !== undefined) next.categoryId = categoryId;
  return withDerived(next);
}

/** The product with one variant's schedule replaced (a legacy single `price` goes with it). */
export function rescheduled(current: Product, sku: string, prices: Price[], now: number): Product {
  const { attrKeys: _a, priceBounds: _p, version: _v, ...content } = current;
  const variants = current.variants.map((v) =>
    v.sku === sku ? { sku: v.sku, attributes: v.attributes ?? {}, prices, ...(v.taxClass ? { taxClass: v.taxClass } : {}) } : v,
  );
  return withDerived({ ...content, variants, updatedAt: now });
}

/** `$set` for an update to `next`: every content field, null for what is now absent (null = unset). */
export function changeTo(next: Product): Record<string, unknown> {
  const fields = [
    'slug',
    'name',
    'description',
    'brand',
    'categoryId',
    'status',
    'attributes',
    'images',
    'variants',
    'attrKeys',
    'priceBounds',
    'updatedAt',
  ];
  return Object.fromEntries(fields.map((f) => [f, (next as Record<string, unknown>)[f] ?? null]));
}

/** Inserts and removals that keep the SKU index equal to the product's variants. */
export function skuOps(productId: string, before: Product['variants'], after: Product['variants']): WriteOp[] {
  const had = new Set(before.map((v) => v.sku));
  const has = new Set(after.map((v) => v.sku));
  return [
    ...[...had].filter((s) => !has.has(s)).map((id): WriteOp => ({ op: 'remove', collection: 'skus', id, where: { productId } })),
    ...[...has].filter((s) => !had.has(s)).map((id): WriteOp => ({ op: 'insert', collection: 'skus', doc: { id, productId } })),
  ];
}

/** How `product.changed` describes a write. */
export function changeKind(before: Product | null, after: Product): ProductChanged['change'] {
  if (!before) return 'created';
  return after.status === 'archived' && before.status !== 'archived' ? 'archived' : 'updated';
}
