import type { CreateProductParams } from '../services/products/products.contract';

/** A small catalog a newcomer can browse at once; prices in minor units (cents). */
export const DEMO_PRODUCTS: CreateProductParams[] = [
  {
    slug: 'aurora-phone-x',
    name: 'Aurora Phone X',
    description: 'A 6.1-inch phone with a two-day battery.',
    brand: 'Aurora',
    status: 'active',
    attributes: { category: 'phones' },
    images: ['https://example.com/img/aurora-x.jpg'],
    variants: [
      { sku: 'AUR-X-128-BLK', price: { amount: 69900, currency: 'USD' }, attributes: { storage: '128GB', colour: 'black' } },
      { sku: 'AUR-X-256-BLU', price: { amount: 79900, currency: 'USD' }, attributes: { storage: '256GB', colour: 'blue' } },
    ],
  },
  {
    slug: 'trailhead-tee',
    name: 'Trailhead Organic Tee',
    description: 'Organic cotton t-shirt, regular fit.',
    brand: 'Trailhead',
    status: 'active',
    attributes: { category: 'shirts' },
    images: [],
    variants: [
      { sku: 'TRL-TEE-M-REG', price: { amount: 2500, currency: 'USD' }, attributes: { size: 'M', fit: 'regular' } },
      { sku: 'TRL-TEE-L-REG', price: { amount: 2500, currency: 'USD' }, attributes: { size: 'L', fit: 'regular' } },
    ],
  },
  {
    slug: 'brewmaster-kettle',
    name: 'Brewmaster Gooseneck Kettle',
    description: 'Temperature-controlled pour-over kettle.',
    brand: 'Brewmaster',
    status: 'active',
    attributes: { category: 'kitchen' },
    images: [],
    variants: [{ sku: 'BRW-KTL-1L', price: { amount: 8900, currency: 'USD' }, attributes: { capacity: '1L' } }],
  },
];

/** Stock per SKU, split over two warehouses so multi-warehouse allocation has something to do. */
export const DEMO_STOCK: { sku: string; warehouse: string; quantity: number }[] = DEMO_PRODUCTS.flatMap((p) =>
  p.variants.flatMap((v) => [
    { sku: v.sku, warehouse: 'east', quantity: 40 },
    { sku: v.sku, warehouse: 'west', quantity: 10 },
  ]),
);
