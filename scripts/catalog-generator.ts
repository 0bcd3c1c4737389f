import { ADJECTIVES, BRANDS, FEATURES, LEAVES, ROOTS } from './catalog-generator.data';
import type { DemoProduct } from './demo-catalog';

/**
 * A generated catalog that looks like a shop: a category tree, brands, names and descriptions made
 * of real words, product- and variant-level attributes, several variants per product (every third
 * one has 5 to 8) and stock in two warehouses, some of it sold out. Deterministic: product `i` is
 * always the same, so the embedded seed and the bench's 100,000 products are reproducible and can
 * be produced one at a time without holding the catalog in memory.
 */

export interface GeneratedCategory {
  slug: string;
  name: string;
  parent?: string;
}

/** Top-level categories first, then the leaves (parents before their children, as the seed creates them). */
export const GENERATED_CATEGORIES: GeneratedCategory[] = [
  ...ROOTS.map((slug) => ({ slug, name: slug[0].toUpperCase() + slug.slice(1) })),
  ...LEAVES.map(({ slug, name, parent }) => ({ slug, name, parent })),
];

/** mulberry32: a tiny, fast PRNG; one stream per product keeps product `i` independent of the others. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Every distinct combination of the axes' values, in a product-specific order. */
function combinations(axes: Record<string, string[]>, pick: () => number): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(axes)) out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface GeneratedProduct extends DemoProduct {
  /** Units per SKU per warehouse (`east`, `west`); a missing warehouse holds none. */
  stock: { sku: string; warehouse: string; quantity: number }[];
}

export const WAREHOUSES = ['east', 'west'] as const;

/**
 * Product number `i` (0-based). Every third product has 5 to 8 variants, the others 1 to 4; about
 * 3 % are drafts and 2 % archived; 5 % are sold out everywhere, and of the rest about one SKU in
 * six has none in a given warehouse.
 */
export function generatedProduct(i: number, prefix = 'GEN'): GeneratedProduct {
  const pick = rng(i * 2654435761 + 1);
  const one = <T>(xs: readonly T[]) => xs[Math.floor(pick() * xs.length)];
  const leaf = LEAVES[i % LEAVES.length];
  const brand = one(BRANDS);
  const noun = one(leaf.nouns);
  const name = `${brand} ${one(ADJECTIVES)} ${noun} ${1 + (Math.floor(i / LEAVES.length) % 9)}`;
  const attributes = Object.fromEntries(Object.entries(leaf.attrs).map(([k, vs]) => [k, one(vs)]));
  const wanted = i % 3 === 0 ? 5 + Math.floor(pick() * 4) : 1 + Math.floor(pick() * 4);
  const combos = combinations(leaf.axes, pick).slice(0, wanted);
  const base = leaf.price[0] + Math.floor(pick() * (leaf.price[1] - leaf.price[0]));
  const code = `${prefix}-${i.toString(36).toUpperCase()}`;
  const variants = combos.map((attrs, k) => ({
    sku: `${code}-${k + 1}`,
    attributes: attrs,
    // Larger options cost more; whole dollars minus a cent, as shops price.
    prices: [{ amount: Math.round((base * (1 + k * 0.08)) / 100) * 100 - 1, currency: 'USD' }],
  }));
  const roll = pick();
  const status = roll < 0.03 ? 'draft' : roll < 0.05 ? 'archived' : 'active';
  const description =
    `${noun} by ${brand}, ${one(FEATURES)}. ` +
    Object.entries(attributes)
      .map(([k, v]) => `${k[0].toUpperCase()}${k.slice(1)}: ${v}.`)
      .join(' ') +
    ` Part of our ${leaf.name.toLowerCase()} range.`;
  const soldOut = pick() < 0.05;
  const stock = variants.flatMap(({ sku }) =>
    WAREHOUSES.flatMap((warehouse) => {
      const quantity = soldOut || pick() < 1 / 6 ? 0 : 1 + Math.floor(pick() * 60);
      return quantity ? [{ sku, warehouse, quantity }] : [];
    }),
  );
  return {
    slug: `${slugify(name)}-${i.toString(36)}`,
    name,
    description,
    brand,
    category: leaf.slug,
    status,
    attributes,
    images: [],
    variants,
    stock,
  };
}
