import { randomUUID } from 'node:crypto';
import DbService from 'moleculer-db';
import type { Context, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import type { StoreName } from '../config/stores';
import { StoreDbAdapter } from './store/moleculer-db.adapter';
import { StoresMixin, type StoresMethods } from './stores.mixin';
import type { StoreSchema } from './store/store.types';
import type { AccessRule } from './access/access.types';

type Rule = Record<string, unknown>;

export interface DbMixinOptions {
  store: StoreName;
  schema: StoreSchema;
  /** The collection the standard actions work on. */
  collection: string;
  /** The entity's writable fields (fastest-validator rules): create takes them, update any of them. */
  fields: Record<string, Rule>;
  /** Fields `list` may sort by (`name` or `-name`). */
  sortable?: string[];
  /** Extra stores the same service owns besides `store`. */
  extraStores?: Partial<Record<StoreName, StoreSchema>>;
  /** Who may read (list, get) and who may write (create, update, remove). */
  access: { read: AccessRule; write: AccessRule };
}

const ID = { type: 'string', min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ };
const PAGE_SIZE_MAX = 100;

type DbThis = StoresMethods & {
  _list(ctx: Context, p: object): Promise<unknown>;
  _get(ctx: Context, p: object): Promise<unknown>;
  _create(ctx: Context, p: object): Promise<unknown>;
  _update(ctx: Context, p: object): Promise<unknown>;
  _remove(ctx: Context, p: object): Promise<unknown>;
  sanitizeParams(ctx: Context, p: object): object;
};
type Meta = { $statusCode?: number };

/** Each field made optional: what update takes, and what an entity may lack. */
const optionalFields = (fields: Record<string, Rule>) =>
  Object.fromEntries(Object.entries(fields).map(([k, r]) => [k, { ...r, optional: true }]));

/** What each action answers, from the entity's fields (for the OpenAPI document and response checks). */
function responses(fields: Record<string, Rule>) {
  const entity = { id: 'string', ...optionalFields(fields) };
  const count = { type: 'number', integer: true, min: 0 };
  const page = {
    rows: { type: 'array', items: { type: 'object', props: entity } },
    total: count,
    page: count,
    pageSize: count,
    totalPages: count,
  };
  return {
    list: { status: 200, schema: page },
    get: { status: 200, schema: entity },
    create: { status: 201, schema: entity },
    update: { status: 200, schema: entity },
    remove: { status: 204 },
  };
}

/**
 * moleculer-db's standard CRUD over one collection of the service's own store, on whatever engine
 * config selects (the Moleculer template's db.mixin, engine-blind), for plain admin data. Only
 * list, get, create, update and remove are published, each with its access rule, idempotence and
 * strict params: moleculer-db's own `query`, `search`, `fields` and `populate` params would let a
 * caller filter or project anything, and `find`, `count` and `insert` skip validation.
 */
export function DbMixin(options: DbMixinOptions): Partial<ServiceSchema>[] {
  // Lifecycle handlers of mixins run in array order, so `bind` swaps in our adapter after
  // moleculer-db's own created() and before its started() connects. One adapter per service
  // instance: several brokers in one process (tests) never share one.
  const bind: ServiceSchema<ServiceSettingSchema, StoresMethods, { adapter: StoreDbAdapter }> = {
    name: '',
    created() {
      this.adapter = new StoreDbAdapter(
        () => this.store(options.store).collection(options.collection),
        () => this.ensureConnected(options.store),
        randomUUID,
      );
    },
  };
  const stores = StoresMixin({ ...options.extraStores, [options.store]: options.schema });
  const sorts = (options.sortable ?? []).flatMap((f) => [f, `-${f}`]);
  const partial = optionalFields(options.fields);
  const read = { access: options.access.read, idempotent: true };
  const write = { access: options.access.write };
  const answers = responses(options.fields);
  const actions = {
    list: {
      ...read,
      rest: 'GET /',
      response: answers.list,
      params: {
        page: { type: 'number', integer: true, min: 1, max: 10_000, convert: true, optional: true },
        pageSize: { type: 'number', integer: true, min: 1, max: PAGE_SIZE_MAX, convert: true, optional: true },
        ...(sorts.length ? { sort: { type: 'enum', values: sorts, optional: true } } : {}),
        $$strict: true,
      },
      handler(this: DbThis, ctx: Context<{ pageSize?: number }>) {
        const pageSize = ctx.params.pageSize ?? 20;
        return this._list(ctx, this.sanitizeParams(ctx, { ...ctx.params, pageSize }));
      },
    },
    get: {
      ...read,
      rest: 'GET /:id',
      response: answers.get,
      params: { id: ID, $$strict: true },
      handler(this: DbThis, ctx: Context<{ id: string }>) {
        return this._get(ctx, { id: ctx.params.id });
      },
    },
    create: {
      ...write,
      idempotent: false,
      rest: 'POST /',
      response: answers.create,
      params: { ...options.fields, $$strict: true },
      async handler(this: DbThis, ctx: Context<object, Meta>) {
        const created = await this._create(ctx, ctx.params);
        ctx.meta.$statusCode = 201;
        return created;
      },
    },
    // $set of the given fields: the same request twice leaves the same entity.
    update: {
      ...write,
      idempotent: true,
      rest: 'PUT /:id',
      response: answers.update,
      params: { id: ID, ...partial, $$strict: true },
      handler(this: DbThis, ctx: Context<object>) {
        return this._update(ctx, ctx.params);
      },
    },
    // A repeat answers 404: the caller learns the entity is gone, not that this call removed it.
    remove: {
      ...write,
      idempotent: false,
      rest: 'DELETE /:id',
      response: answers.remove,
      params: { id: ID, $$strict: true },
      async handler(this: DbThis, ctx: Context<{ id: string }, Meta>): Promise<null> {
        await this._remove(ctx, { id: ctx.params.id });
        ctx.meta.$statusCode = 204;
        return null;
      },
    },
  };
  // Its methods and lifecycle only: the actions above replace its own. Our stores key documents by `id`.
  const base = DbService as Partial<ServiceSchema>;
  const db = { ...base, settings: { ...base.settings, idField: 'id' }, actions: {} };
  return [db, stores, bind as Partial<ServiceSchema>, { actions } as unknown as Partial<ServiceSchema>];
}
