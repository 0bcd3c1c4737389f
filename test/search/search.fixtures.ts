import { sqlRunnerOf } from '../../mixins/store/postgres/postgres.store';
import type { Product } from '../../services/products/products.contract';
import type { SearchQuery } from '../../services/search/search.contract';
import { toSearchDocument, type SourceProduct } from '../../services/search/search.document.domain';
import { PgSearchIndex } from '../../services/search/search.index.pg';
import { searchSchema } from '../../services/search/search.schema';
import type { EngineHarness } from '../support/engine-harness';

/** A fresh index on the harness's engine (a database of its own on the server; a schema on PGlite). */
export async function freshIndex(harness: EngineHarness): Promise<PgSearchIndex> {
  const store = await harness.createStore('search', searchSchema);
  const index = new PgSearchIndex(sqlRunnerOf(store));
  await index.ensure();
  return index;
}

/** The category tree of the fixtures: electronics > phones > smartphones; home > kitchen; clothing. */
export const CATEGORIES: Record<string, { path: string[]; names: string[] }> = {
  electronics: { path: ['electronics'], names: ['Electronics'] },
  phones: { path: ['electronics', 'phones'], names: ['Electronics', 'Phones'] },
  smartphones: { path: ['electronics', 'phones', 'smartphones'], names: ['Electronics', 'Phones', 'Smartphones'] },
  kitchen: { path: ['home', 'kitchen'], names: ['Home', 'Kitchen'] },
  clothing: { path: ['clothing'], names: ['Clothing'] },
};

export interface Spec {
  id: string;
  name: string;
  brand?: string;
  description?: string;
  category?: keyof typeof CATEGORIES;
  status?: Product['status'];
  attributes?: Record<string, string>;
  variants?: { sku: string; amount: number; attributes?: Record<string, string> }[];
  version?: number;
  createdAt?: number;
}

export function sourceProduct(spec: Spec): SourceProduct {
  const cat = spec.category ? CATEGORIES[spec.category] : undefined;
  return {
    id: spec.id,
    slug: spec.id,
    name: spec.name,
    description: spec.description ?? '',
    brand: spec.brand ?? 'Generic',
    ...(cat ? { categoryId: cat.path[cat.path.length - 1] } : {}),
    status: spec.status ?? 'active',
    attributes: spec.attributes ?? {},
    images: [],
    variants: (spec.variants ?? [{ sku: `${spec.id.toUpperCase()}-1`, amount: 1_000 }]).map((v) => ({
      sku: v.sku,
      attributes: v.attributes ?? {},
      prices: [{ amount: v.amount, currency: 'EUR' }],
    })),
    createdAt: spec.createdAt ?? 1_700_000_000_000,
    updatedAt: spec.createdAt ?? 1_700_000_000_000,
    version: spec.version ?? 1,
    categoryPath: cat?.path ?? [],
    categoryNames: cat?.names ?? [],
    categorySlugs: cat?.path ?? [],
  };
}

export const docOf = (spec: Spec) => toSearchDocument(sourceProduct(spec), Date.now(), spec.version ?? 1);

/** A validated query with the route's defaults. */
export const queryOf = (q: Partial<SearchQuery>): SearchQuery => ({ attr: {}, sort: 'relevance', page: 1, pageSize: 20, ...q });

/** The demo-like catalog the relevance table runs on. */
export const CATALOG: Spec[] = [
  {
    id: 'phone',
    name: 'Aurora Smartphone',
    brand: 'Northwind',
    category: 'smartphones',
    description: 'A bright phone with a long-lasting battery',
    variants: [{ sku: 'PHN-100', amount: 49_900 }],
  },
  {
    id: 'case',
    name: 'Silicone Case',
    brand: 'Northwind',
    category: 'phones',
    description: 'Protects your telephone from drops',
    variants: [{ sku: 'CASE-1', amount: 1_900 }],
  },
  {
    id: 'kettle',
    name: 'Steel Kettle',
    brand: 'Homely',
    category: 'kitchen',
    description: 'Boils water fast',
    variants: [{ sku: 'KTL-200', amount: 3_900 }],
  },
  {
    id: 'descaler',
    name: 'Descaler for KTL-200 kettles',
    brand: 'Homely',
    category: 'kitchen',
    description: 'Keeps the KTL-200 kettle clean; fits KTL-200',
    variants: [{ sku: 'DSC-1', amount: 900 }],
  },
  {
    id: 'shirt',
    name: 'Cotton T-Shirt',
    brand: 'Weaver',
    category: 'clothing',
    description: 'Soft everyday shirt',
    variants: [{ sku: 'TS-1', amount: 1_500 }],
  },
  {
    id: 'lamp',
    name: 'Desk Lamp',
    brand: 'Homely',
    category: 'electronics',
    description: 'Warm light',
    variants: [{ sku: 'LMP-1', amount: 2_500 }],
  },
  {
    id: 'bulb',
    name: 'LED Bulb',
    brand: 'Homely',
    category: 'electronics',
    description: 'Fits any desk lamp',
    variants: [{ sku: 'BLB-1', amount: 500 }],
  },
  // Shares as many trigrams with `phnoe` as the phone does: the correction must still be `phone`.
  {
    id: 'frame',
    name: 'Photo Frame',
    brand: 'Homely',
    category: 'kitchen',
    description: 'Holds a photo',
    variants: [{ sku: 'FRM-1', amount: 1_200 }],
  },
  {
    id: 'draft',
    name: 'Prototype Phone',
    brand: 'Northwind',
    category: 'smartphones',
    status: 'draft',
    variants: [{ sku: 'PRT-1', amount: 10_000 }],
  },
];
