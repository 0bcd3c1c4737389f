import { randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import { recordEvent } from '../events.catalog';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import type { Price, Product, ProductChanged, ProductInput, ProductPatch, ProductView } from './products.contract';
import { attributeLimitProblems, schedulePlacementProblems, toView, variantProblems } from './products.domain';
import { invalid, type ProductsActions, type ProductsContext, type ProductsThis } from './products.methods';
import { createProductParams, idParam, setPricesParams, updateProductParams } from './products.params';
import type { Problem } from './products.prices.domain';
import { changeKind, changeTo, newProduct, patchedProduct, rescheduled, skuOps } from './products.write.domain';
import { PRODUCTS_RESPONSES } from './products.responses';

const ADMIN = { roles: ['admin' as const] };
const ATTEMPTS = 3;

/** A clash on a unique key, said in the catalog's words. */
function conflict(err: unknown): never {
  if (err instanceof UniqueConflictError) {
    const { collection } = err.data as { collection: string };
    if (collection === 'skus')
      throw new Errors.MoleculerClientError('A SKU of this product belongs to another product', 409, 'SKU_TAKEN');
    throw new Errors.MoleculerClientError('Another product has this slug', 409, 'SLUG_TAKEN');
  }
  if (err instanceof ConditionFailedError)
    throw new Errors.MoleculerClientError('The catalog changed meanwhile; try again', 409, 'CONFLICT');
  throw err;
}

/**
 * A product's category must exist; the unit also re-asserts it (same path), so a category deleted or
 * moved meanwhile fails the write instead of leaving a product in a missing category.
 */
async function categoryGuard(svc: ProductsThis, categoryId: string | undefined, problems: Problem[]): Promise<WriteOp[]> {
  if (!categoryId) return [];
  const category = await svc.categories().get(categoryId);
  if (!category) {
    problems.push({ field: 'categoryId', message: 'No such category.' });
    return [];
  }
  const { path } = category;
  return [{ op: 'update', collection: 'categories', id: category.id, change: { $set: { path } }, where: { path } }];
}

/** Reads, plans and commits a change to one product, re-planning when another write got there first. */
async function changeProduct(
  svc: ProductsThis,
  id: string,
  plan: (current: Product, now: number) => Promise<{ next: Product; ops?: WriteOp[] } | null>,
): Promise<Product> {
  for (let attempt = 1; ; attempt++) {
    const current = await svc.products().get(id);
    if (!current) throw notFound('Product');
    const now = Date.now();
    const planned = await plan(current, now);
    if (!planned) return current;
    const { next, ops = [] } = planned;
    // The version guard below makes this exact: the write lands on `current.version` or not at all.
    const event: ProductChanged = { id, change: changeKind(current, next), version: (current.version ?? 0) + 1 };
    try {
      await svc.commitWrite([
        { op: 'update', collection: 'products', id, change: { $set: changeTo(next) }, expectVersion: current.version },
        ...ops,
        recordEvent('catalog', 'product.changed', event, now).op,
      ]);
      return { ...next, version: (current.version ?? 0) + 1 };
    } catch (err) {
      const lost = err instanceof VersionConflictError && (err.data as { opIndex?: number }).opIndex === 0;
      if (!lost || attempt >= ATTEMPTS) conflict(err);
    }
  }
}

/** Admin writes; every answer is the admin view (current prices and each variant's schedule). */
export const writeActions: ProductsActions = {
  create: {
    rest: 'POST /',
    response: PRODUCTS_RESPONSES.create,
    access: ADMIN,
    idempotent: false,
    params: createProductParams,
    async handler(this: ProductsThis, ctx: ProductsContext<ProductInput>): Promise<ProductView> {
      const problems = [...variantProblems(ctx.params.variants), ...attributeLimitProblems(ctx.params)];
      const guard = await categoryGuard(this, ctx.params.categoryId, problems);
      if (problems.length) throw invalid(problems);
      const now = Date.now();
      const product = newProduct(ctx.params, randomUUID(), now);
      const event: ProductChanged = { id: product.id, change: 'created', version: 1 };
      await this.commitWrite([
        { op: 'insert', collection: 'products', doc: product },
        ...skuOps(product.id, [], product.variants),
        ...guard,
        recordEvent('catalog', 'product.changed', event, now).op,
      ]).catch(conflict);
      ctx.meta.$statusCode = 201;
      return toView(product, now, true);
    },
  },

  update: {
    rest: 'PATCH /:id',
    response: PRODUCTS_RESPONSES.update,
    access: ADMIN,
    idempotent: false,
    params: updateProductParams,
    async handler(this: ProductsThis, ctx: ProductsContext<ProductPatch & { id: string }>): Promise<ProductView> {
      const { id, ...patch } = ctx.params;
      const problems = [...(patch.variants ? variantProblems(patch.variants) : []), ...attributeLimitProblems(patch)];
      if (problems.length) throw invalid(problems);
      const product = await changeProduct(this, id, async (current, now) => {
        if (Object.keys(patch).length === 0) return null;
        const found: Problem[] = [];
        const guard = patch.categoryId ? await categoryGuard(this, patch.categoryId, found) : [];
        if (found.length) throw invalid(found);
        const next = patchedProduct(current, patch, now);
        return { next, ops: [...skuOps(id, current.variants, next.variants), ...guard] };
      });
      return toView(product, Date.now(), true);
    },
  },

  /** Archives (products are referenced by orders and carts, so never deleted); archiving twice is a no-op. */
  archive: {
    rest: 'DELETE /:id',
    response: PRODUCTS_RESPONSES.archive,
    access: ADMIN,
    idempotent: false,
    params: { id: idParam, $$strict: true },
    async handler(this: ProductsThis, ctx: ProductsContext<{ id: string }>): Promise<null> {
      await changeProduct(this, ctx.params.id, async (current, now) =>
        current.status === 'archived' ? null : { next: patchedProduct(current, { status: 'archived' }, now) },
      );
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  /** Replaces one variant's price schedule. */
  setPrices: {
    rest: 'PUT /:id/variants/:sku/prices',
    response: PRODUCTS_RESPONSES.setPrices,
    access: ADMIN,
    idempotent: false,
    params: setPricesParams,
    async handler(this: ProductsThis, ctx: ProductsContext<{ id: string; sku: string; prices: Price[] }>): Promise<ProductView> {
      const { id, sku, prices } = ctx.params;
      const product = await changeProduct(this, id, async (current, now) => {
        if (!current.variants.some((v) => v.sku === sku)) throw notFound('Variant');
        const problems = schedulePlacementProblems(current.variants, sku, prices);
        if (problems.length) throw invalid(problems);
        return { next: rescheduled(current, sku, prices, now) };
      });
      return toView(product, Date.now(), true);
    },
  },
};
