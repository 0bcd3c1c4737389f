import type { DataSource } from 'typeorm';
import { keysetScan } from '../store.cursor';
import { UniqueConflictError, VersionConflictError } from '../store.errors';
import type { Change, Collection, CollectionDef, Doc, Filter, FindOptions, ScanOptions, ScanPage, UpdateOptions } from '../store.types';
import { decodeRow, type Sql } from './postgres.codec';
import { run, sqlState, withRunner, type Rows } from './postgres.connection';
import { uniqueFields } from './postgres.ddl';
import {
  countSql,
  findSql,
  getManySql,
  insertSql,
  purgeSql,
  removeManySql,
  removeOneSql,
  updateManySql,
  updateOneSql,
  versionSql,
} from './postgres.statements';

/** A unique violation as the store's typed error; anything else unchanged. */
export function storeError(def: CollectionDef, err: unknown, opIndex?: number): unknown {
  const { code, constraint } = sqlState(err);
  return code === '23505' ? new UniqueConflictError(def.name, uniqueFields(def, constraint), opIndex) : err;
}

/** Reads the version the document has now, or null when it is absent or expired. */
export async function currentVersion(exec: (sql: Sql) => Promise<Rows>, def: CollectionDef, id: string): Promise<number | null> {
  const { rows } = await exec(versionSql(def, id));
  return rows.length ? Number(rows[0].version) : null;
}

export class PostgresCollection<T extends Doc = Doc> implements Collection<T> {
  constructor(
    readonly def: CollectionDef,
    private readonly dataSource: () => DataSource,
  ) {}

  private async exec(sql: Sql): Promise<Rows> {
    try {
      return await withRunner(this.dataSource(), (queryRunner) => run(queryRunner, sql));
    } catch (err) {
      throw storeError(this.def, err);
    }
  }

  private decode(rows: Record<string, unknown>[]): T[] {
    return rows.map((row) => decodeRow<T>(this.def, row));
  }

  async insert(doc: T): Promise<T> {
    const [inserted] = await this.insertMany([doc]);
    return inserted;
  }

  async insertMany(docs: T[]): Promise<T[]> {
    if (docs.length === 0) return [];
    const byId = new Map(this.decode((await this.exec(insertSql(this.def, docs))).rows).map((d) => [d.id, d]));
    return docs.map((doc) => byId.get(doc.id) as T);
  }

  async get(id: string): Promise<T | null> {
    const [doc] = await this.getMany([id]);
    return doc ?? null;
  }

  /** In the order asked, each found document once. */
  async getMany(ids: string[]): Promise<T[]> {
    // PostgreSQL text cannot hold NUL, so no stored id contains one: asking for such an id finds nothing.
    const unique = [...new Set(ids)].filter((id) => !id.includes('\u0000'));
    if (unique.length === 0) return [];
    const byId = new Map(this.decode((await this.exec(getManySql(this.def, unique))).rows).map((d) => [d.id, d]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async find(options?: FindOptions): Promise<T[]> {
    return this.decode((await this.exec(findSql(this.def, options))).rows);
  }

  scan(options: ScanOptions): Promise<ScanPage<T>> {
    return keysetScan(this, options);
  }

  async count(options?: Pick<FindOptions, 'filter' | 'search'>): Promise<number> {
    const { rows } = await this.exec(countSql(this.def, options));
    return Number(rows[0]?.n ?? 0);
  }

  async update(id: string, change: Change, options: UpdateOptions = {}): Promise<T | null> {
    const { rows } = await this.exec(updateOneSql(this.def, { id, ...options }, change));
    if (rows.length) return decodeRow<T>(this.def, rows[0]);
    const { expectVersion } = options;
    if (expectVersion === undefined) return null;
    // Nothing changed: a stale version is a conflict, a missing document (or a failed `where`) is null.
    const version = await currentVersion((sql) => this.exec(sql), this.def, id);
    if (version !== null && version !== expectVersion) throw new VersionConflictError(this.def.name, id, expectVersion);
    return null;
  }

  async updateMany(filter: Filter, change: Change): Promise<number> {
    return (await this.exec(updateManySql(this.def, filter, change))).affected;
  }

  async remove(id: string, options: Pick<UpdateOptions, 'where'> = {}): Promise<T | null> {
    const { rows } = await this.exec(removeOneSql(this.def, { id, where: options.where }));
    return rows.length ? decodeRow<T>(this.def, rows[0]) : null;
  }

  async removeMany(filter: Filter): Promise<number> {
    return (await this.exec(removeManySql(this.def, filter))).affected;
  }

  async purgeExpired(): Promise<number> {
    const sql = purgeSql(this.def);
    return sql ? (await this.exec(sql)).affected : 0;
  }
}
