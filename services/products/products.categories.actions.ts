import { randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import { recordEvent } from '../events.catalog';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import { catalogKeygen, currentGeneration } from './products.cache';
import { buildTree, depthOf, MAX_CATEGORY_DEPTH, pathOf, planMove, subtreeRange } from './products.categories.domain';
import type { Category, CategoryChanged, CategoryNode } from './products.contract';
import { invalid, type ProductsActions, type ProductsContext, type ProductsThis } from './products.methods';
import { createCategoryParams, idParam, updateCategoryParams } from './products.params';
import { PRODUCTS_RESPONSES } from './products.responses';

const ADMIN = { roles: ['admin' as const] };
const categoriesRoute = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string) => ({
  method,
  path,
  basePath: '/categories',
});

const changed = (id: string, change: CategoryChanged['change'], version: number, now: number) =>
  recordEvent('catalog', 'category.changed', { id, change, version }, now).op;
/** Re-asserts a category's place in the tree inside a unit: fails it if the category moved or went meanwhile. */
const stillAt = (c: Category): WriteOp => ({
  op: 'update',
  collection: 'categories',
  id: c.id,
  change: { $set: { path: c.path } },
  where: { path: c.path },
});

const view = ({ version: _v, ...category }: Category): Category => category;

function conflict(err: unknown): never {
  if (err instanceof UniqueConflictError)
    throw new Errors.MoleculerClientError('Another category has this slug', 409, 'SLUG_TAKEN');
  if (err instanceof ConditionFailedError || err instanceof VersionConflictError)
    throw new Errors.MoleculerClientError('The category tree changed meanwhile; try again', 409, 'CONFLICT');
  throw err;
}

async function parentOf(svc: ProductsThis, parentId: string | null | undefined): Promise<Category | null> {
  if (!parentId) return null;
  const parent = await svc.categories().get(parentId);
  if (!parent) throw invalid([{ field: 'parentId', message: 'No such category.' }]);
  return parent;
}

/** The category tree (public) and its admin writes. Every write re-asserts the tree it planned against. */
export const categoryActions: ProductsActions = {
  listCategories: {
    rest: categoriesRoute('GET', '/'),
    response: PRODUCTS_RESPONSES.listCategories,
    access: 'public',
    idempotent: true,
    async handler(this: ProductsThis, ctx: ProductsContext): Promise<CategoryNode[]> {
      const gen = await currentGeneration(this.broker.cacher);
      return ctx.call<CategoryNode[], { gen: string }>('products.categoryTree', { gen });
    },
  },

  categoryTree: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    cache: { keygen: catalogKeygen },
    params: { gen: { type: 'string', max: 64 } },
    async handler(this: ProductsThis): Promise<CategoryNode[]> {
      return buildTree(await this.categories().find({ sort: ['path'] }));
    },
  },

  createCategory: {
    rest: categoriesRoute('POST', '/'),
    response: PRODUCTS_RESPONSES.createCategory,
    access: ADMIN,
    idempotent: false,
    params: createCategoryParams,
    async handler(
      this: ProductsThis,
      ctx: ProductsContext<{ slug: string; name: string; parentId?: string }>,
    ): Promise<Category> {
      const { slug, name, parentId } = ctx.params;
      const parent = await parentOf(this, parentId);
      const id = randomUUID();
      const path = pathOf(parent, id);
      if (depthOf(path) > MAX_CATEGORY_DEPTH)
        throw invalid([{ field: 'parentId', message: `Categories nest at most ${MAX_CATEGORY_DEPTH} deep.` }]);
      const now = Date.now();
      const category: Category = {
        id,
        slug,
        name,
        ...(parent ? { parentId: parent.id } : {}),
        path,
        createdAt: now,
        updatedAt: now,
      };
      await this.commitWrite([
        { op: 'insert', collection: 'categories', doc: category },
        ...(parent ? [stillAt(parent)] : []),
        changed(id, 'created', 1, now),
      ]).catch(conflict);
      ctx.meta.$statusCode = 201;
      return category;
    },
  },

  /** Renames and moves; a move rewrites the paths of the whole subtree in the same unit. */
  updateCategory: {
    rest: categoriesRoute('PATCH', '/:id'),
    response: PRODUCTS_RESPONSES.updateCategory,
    access: ADMIN,
    idempotent: false,
    params: updateCategoryParams,
    async handler(
      this: ProductsThis,
      ctx: ProductsContext<{ id: string; slug?: string; name?: string; parentId?: string | null }>,
    ): Promise<Category> {
      const { id, slug, name, parentId } = ctx.params;
      const current = await this.categories().get(id);
      if (!current) throw notFound('Category');
      const now = Date.now();
      const next: Category = { ...current, ...(slug ? { slug } : {}), ...(name ? { name } : {}), updatedAt: now };
      const ops: WriteOp[] = [];
      if (parentId !== undefined && parentId !== (current.parentId ?? null)) {
        const parent = await parentOf(this, parentId);
        const descendants = (await this.categories().find({ filter: { path: subtreeRange(current.path) } })).filter(
          (c) => c.id !== id,
        );
        const plan = planMove(current, parent, descendants);
        if (plan.problem) throw invalid([plan.problem]);
        next.path = plan.paths.get(id)!;
        if (parent) next.parentId = parent.id;
        else delete next.parentId;
        // Each descendant's path changes too: its own event, its version pinned so the event's is exact.
        for (const d of descendants) {
          ops.push({
            op: 'update',
            collection: 'categories',
            id: d.id,
            change: { $set: { path: plan.paths.get(d.id)! } },
            where: { path: d.path },
            expectVersion: d.version ?? 1,
          });
          ops.push(changed(d.id, 'updated', (d.version ?? 1) + 1, now));
        }
        if (parent) ops.push(stillAt(parent));
      }
      if (next.slug === current.slug && next.name === current.name && next.path === current.path) return view(current);
      const { id: _id, version: _v, createdAt: _c, ...fields } = next;
      const change = { $set: { ...fields, parentId: next.parentId ?? null } };
      await this.commitWrite([
        { op: 'update', collection: 'categories', id, change, expectVersion: current.version },
        ...ops,
        changed(id, 'updated', (current.version ?? 1) + 1, now),
      ]).catch(conflict);
      return view(next);
    },
  },

  /** Only an empty category goes: no child categories and no products (archived ones included: move them first). */
  deleteCategory: {
    rest: categoriesRoute('DELETE', '/:id'),
    response: PRODUCTS_RESPONSES.deleteCategory,
    access: ADMIN,
    idempotent: false,
    params: { id: idParam, $$strict: true },
    async handler(this: ProductsThis, ctx: ProductsContext<{ id: string }>): Promise<null> {
      const current = await this.categories().get(ctx.params.id);
      if (!current) throw notFound('Category');
      const [children, products] = await Promise.all([
        this.categories().count({ filter: { parentId: current.id } }),
        this.products().count({ filter: { categoryId: current.id } }),
      ]);
      if (children || products)
        throw new Errors.MoleculerClientError(
          'Only an empty category can be deleted (no subcategories, no products)',
          409,
          'CATEGORY_NOT_EMPTY',
          {
            children,
            products,
          },
        );
      // The version guard loses to any write that placed a child or a product here since the counts.
      await this.commitWrite([
        { op: 'remove', collection: 'categories', id: current.id, where: { version: current.version ?? 1 } },
        changed(current.id, 'deleted', current.version ?? 1, Date.now()),
      ]).catch(conflict);
      ctx.meta.$statusCode = 204;
      return null;
    },
  },
};
