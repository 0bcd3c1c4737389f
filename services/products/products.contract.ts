/** Money is always integer minor units with an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

export interface Variant {
  sku: string;
  price: Money;
  attributes: Record<string, string>;
}

export type ProductStatus = 'draft' | 'active' | 'archived';

export type Product = {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId?: string;
  status: ProductStatus;
  attributes: Record<string, string>;
  variants: Variant[];
  images: string[];
  createdAt: number;
  updatedAt: number;
  version?: number;
};

export type CreateProductParams = Omit<Product, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'status'> & {
  status?: ProductStatus;
};

export interface ProductPage {
  rows: Product[];
  total: number;
  page: number;
  pageSize: number;
}

/** Shared fastest-validator fragment: money as integer minor units plus a currency code. */
export const moneyParam = {
  type: 'object',
  strict: true,
  props: { amount: { type: 'number', integer: true, min: 0, max: 1e12 }, currency: { type: 'string', pattern: /^[A-Z]{3}$/ } },
} as const;
