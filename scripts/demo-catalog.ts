import type { ProductInput } from '../services/products/products.contract';
import { GENERATED_CATEGORIES, generatedProduct } from './catalog-generator';

/** The generated catalog's category tree (it holds the hand-written products' categories); parents come first. */
export const DEMO_CATEGORIES: { slug: string; name: string; parent?: string }[] = GENERATED_CATEGORIES;

/** A demo product names its category by slug; the seed resolves it to the category's id. */
export type DemoProduct = Omit<ProductInput, 'categoryId'> & { category: string };

/** The hand-written products the README and tests name; prices in minor units (cents), each variant with its schedule. */
export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    slug: 'aurora-phone-x',
    name: 'Aurora Phone X',
    description: 'A 6.1-inch phone with a two-day battery.',
    brand: 'Aurora',
    category: 'phones',
    status: 'active',
    attributes: { screen: '6.1in' },
    images: ['https://example.com/img/aurora-x.jpg'],
    variants: [
      {
        sku: 'AUR-X-128-BLK',
        prices: [{ amount: 69900, currency: 'USD' }],
        attributes: { storage: '128GB', colour: 'black' },
        weightG: 420,
      },
      {
        sku: 'AUR-X-256-BLU',
        prices: [{ amount: 79900, currency: 'USD' }],
        attributes: { storage: '256GB', colour: 'blue' },
        weightG: 420,
      },
    ],
  },
  {
    slug: 'trailhead-tee',
    name: 'Trailhead Organic Tee',
    description: 'Organic cotton t-shirt, regular fit.',
    brand: 'Trailhead',
    category: 'shirts',
    status: 'active',
    attributes: { material: 'organic cotton' },
    images: [],
    variants: [
      {
        sku: 'TRL-TEE-M-REG',
        prices: [{ amount: 2500, currency: 'USD' }],
        attributes: { size: 'M', fit: 'regular' },
        weightG: 180,
      },
      {
        sku: 'TRL-TEE-L-REG',
        prices: [{ amount: 2500, currency: 'USD' }],
        attributes: { size: 'L', fit: 'regular' },
        weightG: 200,
      },
    ],
  },
  {
    slug: 'brewmaster-kettle',
    name: 'Brewmaster Gooseneck Kettle',
    description: 'Temperature-controlled pour-over kettle.',
    brand: 'Brewmaster',
    category: 'kitchen',
    status: 'active',
    attributes: {},
    images: [],
    variants: [
      { sku: 'BRW-KTL-1L', prices: [{ amount: 8900, currency: 'USD' }], attributes: { capacity: '1L' }, weightG: 1_350 },
    ],
  },
];

/** Stock per SKU, split over two warehouses so multi-warehouse allocation has something to do. */
export const DEMO_STOCK: { sku: string; warehouse: string; quantity: number }[] = DEMO_PRODUCTS.flatMap((p) =>
  p.variants.flatMap((v) => [
    { sku: v.sku, warehouse: 'east', quantity: 40 },
    { sku: v.sku, warehouse: 'west', quantity: 10 },
  ]),
);

/**
 * Generated products seeded beside the hand-written ones, so search and its facets have something
 * to rank and count (brands, attributes, price buckets, sold-out SKUs). Few enough that the seed
 * stays a small part of the first start.
 */
export const DEMO_GENERATED = 240;

export const demoGenerated = () => Array.from({ length: DEMO_GENERATED }, (_, i) => generatedProduct(i, 'DMO'));

/** How many products the seeded catalog lists: the hand-written ones and the generated ones neither drafted nor archived. */
export const demoListedCount = () => DEMO_PRODUCTS.length + demoGenerated().filter((p) => p.status === 'active').length;
