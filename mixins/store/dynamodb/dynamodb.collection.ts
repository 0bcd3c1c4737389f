import type { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { UniqueConflictError, VersionConflictError } from '../store.errors';
import { normalizeFilter } from '../store.query';
import type { Change, Collection, CollectionDef, Doc, Filter, FindOptions, ScanOptions, ScanPage, UpdateOptions, WriteOp } from '../store.types';
import { isExpired, rawLive, rawNumber, toDoc, toNewItem } from './dynamodb.codec';
import { Expr, updateExpr } from './dynamodb.expr';
import { guardsOf, touchesGuards } from './dynamodb.guards';
import { mapLimit, purgeExpired } from './dynamodb.purge';
import { checkUpdate, docCondition, OpFailure, readItem, type Prepared } from './dynamodb.prepare';
import { count, find, getMany, readAll, scanPage } from './dynamodb.read';
import { errName, retryConflicts, type DynamoContext } from './dynamodb.tables';
import { runTx, toStoreError } from './dynamodb.tx';

/**
 * One collection = one table keyed by `id`. Single-document writes are one conditional request
 * when they can be (the condition and the change are then one atomic engine operation); writes
 * that move unique guards go through a transaction pinned to the revision just read.
 */
export class DynamoCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly context: () => DynamoContext,
    readonly def: CollectionDef,
  ) {}

  private get ctx(): DynamoContext {
    return this.context();
  }

  private get table(): string {
    return this.ctx.table(this.def.name);
  }

  async insert(doc: T): Promise<T> {
    const item = toNewItem(this.def, doc);
    if (guardsOf(this.def, item).length) {
      await this.transact([{ op: 'insert', collection: this.def.name, doc }]);
      return toDoc<T>(item);
    }
    try {
      const put = new PutCommand({
        TableName: this.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': 'id' },
      });
      await retryConflicts(() => this.ctx.doc.send(put));
    } catch (err) {
      if (errName(err) === 'ConditionalCheckFailedException') throw new UniqueConflictError(this.def.name, ['id']);
      throw err;
    }
    return toDoc<T>(item);
  }

  /** All or nothing per transaction of up to 100 writes (documents plus guards), not across them. */
  async insertMany(docs: T[]): Promise<T[]> {
    const items = docs.map((doc) => toNewItem(this.def, doc));
    if (new Set(items.map((i) => i.id)).size !== items.length) throw new UniqueConflictError(this.def.name, ['id']);
    let chunk: WriteOp[] = [];
    let size = 0;
    for (const [i, item] of items.entries()) {
      const writes = 1 + guardsOf(this.def, item).length;
      if (size + writes > 100) {
        await this.transact(chunk);
        [chunk, size] = [[], 0];
      }
      chunk.push({ op: 'insert', collection: this.def.name, doc: docs[i] });
      size += writes;
    }
    if (chunk.length) await this.transact(chunk);
    return items.map((item) => toDoc<T>(item));
  }

  async get(id: string): Promise<T | null> {
    const item = await readItem(this.ctx, this.def, id);
    return item && !isExpired(this.def, item, Date.now()) ? toDoc<T>(item) : null;
  }

  async getMany(ids: string[]): Promise<T[]> {
    return getMany<T>(this.ctx, this.def, ids);
  }

  async find(options?: FindOptions): Promise<T[]> {
    return find<T>(this.ctx, this.def, options);
  }

  async count(options?: Pick<FindOptions, 'filter' | 'search'>): Promise<number> {
    return count(this.ctx, this.def, options);
  }

  async scan(options: ScanOptions): Promise<ScanPage<T>> {
    return scanPage<T>(this.ctx, this.def, options);
  }

  async update(id: string, change: Change, options: UpdateOptions = {}): Promise<T | null> {
    const where = checkUpdate(this.def, change, options.where, options.expectVersion);
    const fields = [...Object.keys(change.$set ?? {}), ...Object.keys(change.$inc ?? {}), ...(change.$unset ?? [])];
    if (touchesGuards(this.def, fields)) {
      const done = await this.transactOrNull([
        { op: 'update', collection: this.def.name, id, change, where: options.where, expectVersion: options.expectVersion },
      ]);
      return done?.result ? toDoc<T>(done.result) : null;
    }
    const e = new Expr();
    const now = Date.now();
    const UpdateExpression = updateExpr(e, this.def, change);
    const ConditionExpression = docCondition(e, this.def, now, where, options.expectVersion);
    try {
      const cmd = new UpdateCommand({
        TableName: this.table,
        Key: { id },
        UpdateExpression,
        ConditionExpression,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ...e.params(),
      });
      const out = await retryConflicts(() => this.ctx.doc.send(cmd));
      return out.Attributes ? toDoc<T>(out.Attributes) : null;
    } catch (err) {
      if (errName(err) !== 'ConditionalCheckFailedException') throw err;
      const old = (err as ConditionalCheckFailedException).Item;
      const expected = options.expectVersion;
      if (expected !== undefined && rawLive(this.def, old, now) && rawNumber(old, 'version') !== expected) {
        throw new VersionConflictError(this.def.name, id, expected);
      }
      return null;
    }
  }

  /** Each document is re-checked against the filter as it is changed. */
  async updateMany(filter: Filter, change: Change): Promise<number> {
    checkUpdate(this.def, change, filter);
    const { items } = await readAll(this.ctx, this.def, normalizeFilter(this.def, filter));
    const done = await mapLimit(items, (item) => this.update(String(item.id), change, { where: filter }));
    return done.filter(Boolean).length;
  }

  async remove(id: string, options: Pick<UpdateOptions, 'where'> = {}): Promise<T | null> {
    const where = normalizeFilter(this.def, options.where);
    if ((this.def.unique ?? []).length) {
      const done = await this.transactOrNull([{ op: 'remove', collection: this.def.name, id, where: options.where }]);
      return done?.result ? toDoc<T>(done.result) : null;
    }
    const e = new Expr();
    const ConditionExpression = docCondition(e, this.def, Date.now(), where);
    try {
      const cmd = new DeleteCommand({
        TableName: this.table,
        Key: { id },
        ConditionExpression,
        ReturnValues: 'ALL_OLD',
        ...e.params(),
      });
      const out = await retryConflicts(() => this.ctx.doc.send(cmd));
      return out.Attributes ? toDoc<T>(out.Attributes) : null;
    } catch (err) {
      if (errName(err) === 'ConditionalCheckFailedException') return null;
      throw err;
    }
  }

  async removeMany(filter: Filter): Promise<number> {
    const { items } = await readAll(this.ctx, this.def, normalizeFilter(this.def, filter));
    const done = await mapLimit(items, (item) => this.remove(String(item.id), { where: filter }));
    return done.filter(Boolean).length;
  }

  async purgeExpired(): Promise<number> {
    return purgeExpired(this.ctx, this.def);
  }

  private async transact(ops: WriteOp[]): Promise<Prepared[]> {
    try {
      return await runTx(this.ctx, ops);
    } catch (err) {
      throw err instanceof OpFailure ? toStoreError(err.failure, false) : err;
    }
  }

  /** A single-document write whose failed condition means "nothing to do" rather than an error. */
  private async transactOrNull(ops: WriteOp[]): Promise<Prepared | null> {
    try {
      return (await runTx(this.ctx, ops))[0];
    } catch (err) {
      if (err instanceof OpFailure && err.failure.kind === 'condition') return null;
      throw err instanceof OpFailure ? toStoreError(err.failure, false) : err;
    }
  }
}
