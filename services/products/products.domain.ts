import type { Price, Product, ProductView, SkuInfo, Variant, VariantInput } from './products.contract';
import {
  boundariesOf,
  priceAt,
  priceRangeOf,
  pricesOf,
  productCurrency,
  scheduleProblems,
  type Problem,
} from './products.prices.domain';

/**
 * The key one attribute name=value gets in a product's `attrKeys`. The value is base64url-encoded
 * so any text is a safe json key on every engine (no dots, no `$`), and an equality filter on
 * `attrKeys.<key>` reaches the store (a GIN containment query on PostgreSQL).
 */
export const attrKey = (name: string, value: string): string => `${name}~${Buffer.from(value, 'utf8').toString('base64url')}`;

/** Every name=value a product offers, from its own attributes and its variants'. */
export function attributePairs(product: Pick<Product, 'attributes' | 'variants'>): [string, string][] {
  const seen = new Map<string, [string, string]>();
  const add = (attrs: Record<string, string> | undefined) => {
    for (const [name, value] of Object.entries(attrs ?? {})) seen.set(attrKey(name, value), [name, value]);
  };
  add(product.attributes);
  product.variants.forEach((v) => add(v.attributes));
  return [...seen.values()];
}

/** The fields derived from a product's content on every write, so filters and the price epoch can use the store. */
export function derivedFields(product: Pick<Product, 'attributes' | 'variants'>): Pick<Product, 'attrKeys' | 'priceBounds'> {
  const bounds = boundariesOf(product.variants);
  return {
    attrKeys: Object.fromEntries(attributePairs(product).map(([n, v]) => [attrKey(n, v), true as const])),
    priceBounds: bounds.length ? bounds : undefined,
  };
}

/** Variants as stored, from what a write sent: the `price` shorthand becomes a one-entry schedule. */
export function toVariants(inputs: VariantInput[]): Variant[] {
  return inputs.map((v) => ({
    sku: v.sku,
    attributes: v.attributes ?? {},
    prices: v.prices ?? (v.price ? [{ amount: v.price.amount, currency: v.price.currency }] : []),
    ...(v.taxClass ? { taxClass: v.taxClass } : {}),
    ...physicalOf(v),
  }));
}

/** A variant's shipping weight and dimensions, when it has them (kept on the stored variant and shown as is). */
export const physicalOf = (v: Pick<Variant, 'weightG' | 'dimensionsMm'>): Pick<Variant, 'weightG' | 'dimensionsMm'> => ({
  ...(v.weightG !== undefined ? { weightG: v.weightG } : {}),
  ...(v.dimensionsMm ? { dimensionsMm: { l: v.dimensionsMm.l, w: v.dimensionsMm.w, h: v.dimensionsMm.h } } : {}),
});

/** Problems with a set of variants as written: price or prices (not both), valid schedules, unique SKUs, one currency. */
export function variantProblems(inputs: VariantInput[]): Problem[] {
  const problems: Problem[] = [];
  const skus = new Set<string>();
  inputs.forEach((v, i) => {
    const at = `variants[${i}]`;
    if (v.price && v.prices) problems.push({ field: `${at}.price`, message: 'Send either price or prices, not both.' });
    else if (!v.price && !v.prices) problems.push({ field: `${at}.prices`, message: 'A variant needs prices (or a price).' });
    else if (v.prices) problems.push(...scheduleProblems(v.prices, `${at}.prices`));
    if (skus.has(v.sku)) problems.push({ field: `${at}.sku`, message: 'SKUs must be unique.' });
    skus.add(v.sku);
  });
  if (problems.length === 0 && productCurrency(toVariants(inputs)) === null) {
    problems.push({ field: 'variants', message: 'All prices of a product share one currency.' });
  }
  return problems;
}

export const MAX_PRODUCT_ATTRIBUTES = 30;
export const MAX_VARIANT_ATTRIBUTES = 20;

/** Attribute maps are records (any names matching the rule): their sizes are bounded here. */
export function attributeLimitProblems(input: { attributes?: Record<string, string>; variants?: VariantInput[] }): Problem[] {
  const problems: Problem[] = [];
  if (Object.keys(input.attributes ?? {}).length > MAX_PRODUCT_ATTRIBUTES)
    problems.push({ field: 'attributes', message: `At most ${MAX_PRODUCT_ATTRIBUTES} attributes.` });
  input.variants?.forEach((v, i) => {
    if (Object.keys(v.attributes ?? {}).length > MAX_VARIANT_ATTRIBUTES)
      problems.push({ field: `variants[${i}].attributes`, message: `At most ${MAX_VARIANT_ATTRIBUTES} attributes.` });
  });
  return problems;
}

/** Problems with replacing one variant's schedule inside its product. */
export function schedulePlacementProblems(variants: Variant[], sku: string, prices: Price[]): Problem[] {
  const problems = scheduleProblems(prices);
  if (problems.length) return problems;
  const others = variants.filter((v) => v.sku !== sku);
  const currency = productCurrency(others);
  if (others.length && currency !== null && currency !== prices[0].currency) {
    return [{ field: 'prices', message: `This product is priced in ${currency}.` }];
  }
  return [];
}

/** A product as readers see it with the prices in effect at `at`; `withSchedule` adds each variant's schedule (admins). */
export function toView(product: Product, at: number, withSchedule = false): ProductView {
  const variants = product.variants.map((v) => {
    const prices = pricesOf(v);
    const shown = {
      sku: v.sku,
      attributes: v.attributes ?? {},
      price: priceAt(prices, at),
      taxClass: v.taxClass ?? 'standard',
      ...physicalOf(v),
    };
    return { ...shown, ...(withSchedule ? { prices } : {}) } as const;
  });
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description ?? '',
    brand: product.brand,
    ...(product.categoryId ? { categoryId: product.categoryId } : {}),
    status: product.status,
    attributes: product.attributes ?? {},
    images: product.images ?? [],
    variants,
    priceRange: priceRangeOf(variants.map((v) => v.price)),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

/** `/root-id/child-id/` as ids, root first. */
export const categoryPathOf = (path: string | undefined): string[] => (path ?? '').split('/').filter(Boolean);

/** The `variantsBySku` rows of one product for the SKUs asked about; `categoryPath` from its category's `path`. */
export function skuInfos(product: Product, skus: Set<string>, at: number, categoryPath: string[] = []): SkuInfo[] {
  return product.variants
    .filter((v) => skus.has(v.sku))
    .map((v) => ({
      sku: v.sku,
      productId: product.id,
      productName: product.name,
      slug: product.slug,
      productStatus: product.status,
      price: priceAt(pricesOf(v), at),
      attributes: v.attributes ?? {},
      ...(product.images?.[0] ? { image: product.images[0] } : {}),
      taxClass: v.taxClass ?? 'standard',
      categoryPath,
      ...physicalOf(v),
    }));
}
