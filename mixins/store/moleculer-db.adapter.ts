import type { Collection, Doc, Filter, FindOptions } from './store.types';

/** What moleculer-db passes to find/count (see moleculer-db's FilterOptions). */
export interface DbFilters {
  limit?: string | number;
  offset?: string | number;
  sort?: string | string[];
  search?: string;
  searchFields?: string | string[];
  query?: Filter;
}

/**
 * Lets moleculer-db's standard actions (list, find, count, get, create, update, remove) run on
 * any of our store engines by translating its adapter interface onto a Collection.
 */
export class StoreDbAdapter {
  constructor(
    private readonly collection: () => Collection,
    private readonly ready: () => Promise<void>,
    private readonly newId: () => string,
  ) {}

  init(): void {}
  connect(): Promise<void> {
    return this.ready();
  }
  async disconnect(): Promise<void> {}

  find(filters: DbFilters = {}): Promise<Doc[]> {
    return this.collection().find(toFindOptions(filters));
  }
  async findOne(query: Filter): Promise<Doc | null> {
    const [doc] = await this.collection().find({ filter: query, limit: 1 });
    return doc ?? null;
  }
  findById(id: string): Promise<Doc | null> {
    return this.collection().get(String(id));
  }
  findByIds(ids: string[]): Promise<Doc[]> {
    return this.collection().getMany(ids.map(String));
  }
  count(filters: DbFilters = {}): Promise<number> {
    const { filter, search } = toFindOptions(filters);
    return this.collection().count({ filter, search });
  }
  insert(entity: Partial<Doc>): Promise<Doc> {
    return this.collection().insert({ ...entity, id: entity.id ?? this.newId() } as Doc);
  }
  insertMany(entities: Partial<Doc>[]): Promise<Doc[]> {
    return this.collection().insertMany(entities.map((e) => ({ ...e, id: e.id ?? this.newId() }) as Doc));
  }
  updateMany(query: Filter, update: { $set?: Record<string, unknown> }): Promise<number> {
    return this.collection().updateMany(query, { $set: update.$set });
  }
  updateById(id: string, update: { $set?: Record<string, unknown> }): Promise<Doc | null> {
    return this.collection().update(String(id), { $set: update.$set });
  }
  removeMany(query: Filter): Promise<number> {
    return this.collection().removeMany(query);
  }
  removeById(id: string): Promise<Doc | null> {
    return this.collection().remove(String(id));
  }
  clear(): Promise<number> {
    return this.collection().removeMany({});
  }
  entityToObject(entity: Doc): Doc {
    return { ...entity };
  }
  beforeSaveTransformID(entity: Doc): Doc {
    return entity;
  }
  afterRetrieveTransformID(entity: Doc): Doc {
    return entity;
  }
}

function toFindOptions(filters: DbFilters): FindOptions {
  const sort = typeof filters.sort === 'string' ? filters.sort.split(/[\s,]+/).filter(Boolean) : filters.sort;
  const fields = typeof filters.searchFields === 'string' ? filters.searchFields.split(/[\s,]+/) : filters.searchFields;
  return {
    filter: filters.query,
    sort,
    limit: filters.limit === undefined ? undefined : Number(filters.limit),
    offset: filters.offset === undefined ? undefined : Number(filters.offset),
    search: filters.search && fields?.length ? { text: filters.search, fields } : undefined,
  };
}
