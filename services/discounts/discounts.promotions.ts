import { randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Filter, Store, WriteOp } from '../../mixins/store/store.types';
import { codesCsv, generateCodes } from './discounts.codes';
import { ignoreTaken, limitsKey, moveLimits, toUsageRow, totalCounterId } from './discounts.usage.ops';
import type { CodeDoc, PromotionDoc, UsageDoc } from './discounts.usage.ops';
import { normaliseCode, type Promotion, type PromotionFields } from './domain/promotion.types';
import { validatePromotion, type FieldProblem } from './domain/promotion.validate';

export const STAMP_ID = 'promotions';
const EXPORT_MAX = 100_000;

export interface Paging {
  page: number;
  pageSize: number;
}
const paged = <T>(rows: T[], total: number, p: Paging) => ({ rows, total, page: p.page, pageSize: p.pageSize });

const invalid = (problems: FieldProblem[]) =>
  new Errors.ValidationError(
    'Invalid promotion',
    'VALIDATION_ERROR',
    problems.map((p) => ({ ...p, type: 'promotion' })),
  );
const codeTaken = (code: string) =>
  new Errors.MoleculerClientError(`The code ${code} is already in use`, 409, 'CODE_TAKEN', { field: 'code' });

/**
 * Promotions and their batch codes on the discounts store. Every promotion write bumps the stamp
 * row in the same atomic unit, so a node that reads the stamp knows whether its index is current.
 */
export class PromotionAdmin {
  constructor(private readonly store: Store) {}

  get promotions() {
    return this.store.collection<PromotionDoc>('promotions');
  }
  get codes() {
    return this.store.collection<CodeDoc>('promotion_codes');
  }
  private readonly bump: WriteOp = { op: 'update', collection: 'stamps', id: STAMP_ID, change: { $inc: { n: 1 } } };

  /** The stamp row exists before the first promotion write can bump it (idempotent insert). */
  async ensureStamp(): Promise<void> {
    await this.store.collection('stamps').insert({ id: STAMP_ID, n: 0 }).catch(ignoreTaken);
  }

  async stamp(): Promise<number> {
    return ((await this.store.collection<{ id: string; n: number }>('stamps').get(STAMP_ID))?.n ?? 0) as number;
  }

  async create(input: Record<string, unknown>): Promise<Promotion> {
    const fields = this.check(validatePromotion(input));
    await this.refuseBatchCode(fields.code);
    const now = Date.now();
    const doc = { id: randomUUID(), ...fields, version: 1, createdAt: now, updatedAt: now } as PromotionDoc;
    await this.ensureStamp();
    const counter = { id: totalCounterId(doc.id), promotionId: doc.id, taken: 0, limits: limitsKey(doc) };
    try {
      await this.store.atomic([
        { op: 'insert', collection: 'promotions', doc },
        { op: 'insert', collection: 'usage_counters', doc: counter },
        this.bump,
      ]);
    } catch (err) {
      if (err instanceof UniqueConflictError) throw codeTaken(fields.code!);
      throw err;
    }
    return doc;
  }

  async get(id: string): Promise<Promotion> {
    const doc = await this.promotions.get(id);
    if (!doc) throw notFound('Promotion');
    return doc;
  }

  async list(p: Paging & { status?: string; code?: string }) {
    const filter: Filter = { ...(p.status ? { status: p.status } : {}), ...(p.code ? { code: normaliseCode(p.code) } : {}) };
    const [rows, total] = await Promise.all([
      this.promotions.find({ filter, sort: ['-createdAt'], limit: p.pageSize, offset: (p.page - 1) * p.pageSize }),
      this.promotions.count({ filter }),
    ]);
    return paged(rows, total, p);
  }

  /** Optimistic: with `version` the patch applies only to that version; without, to the one just read. */
  async patch(id: string, input: Record<string, unknown>, version?: number): Promise<Promotion> {
    const current = await this.get(id);
    const { id: _i, version: stored, createdAt: _c, updatedAt: _u, hasBatchCodes: _h, ...base } = current;
    const fields = this.check(validatePromotion(input, base as PromotionFields));
    if (fields.code !== current.code) await this.refuseBatchCode(fields.code);
    const cleared = Object.keys(base).filter((k) => !(k in fields));
    const change = { $set: { ...fields, updatedAt: Date.now() }, ...(cleared.length ? { $unset: cleared } : {}) };
    try {
      await this.store.atomic([
        { op: 'update', collection: 'promotions', id, change, expectVersion: version ?? stored },
        this.bump,
        ...(limitsKey(fields) === limitsKey(current) ? [] : [moveLimits(id, fields)]),
      ]);
    } catch (err) {
      if (err instanceof UniqueConflictError) throw codeTaken(fields.code!);
      if (err instanceof ConditionFailedError && (err.data as { opIndex?: number }).opIndex === 2)
        throw new Errors.MoleculerClientError('More uses are taken than this limit', 409, 'LIMIT_BELOW_USES', {
          field: 'limits.total',
        });
      if (err instanceof VersionConflictError)
        throw new Errors.MoleculerClientError(
          'The promotion was changed by someone else; read it again',
          409,
          'VERSION_CONFLICT',
          {
            field: 'version',
          },
        );
      throw err;
    }
    return this.get(id);
  }

  async addCodes(id: string, count: number, prefix?: string) {
    const promotion = await this.get(id);
    const codes = await generateCodes(this.codes, id, count, prefix);
    if (!promotion.hasBatchCodes)
      await this.store.atomic([
        { op: 'update', collection: 'promotions', id, change: { $set: { hasBatchCodes: true } } },
        this.bump,
      ]);
    return { promotionId: id, count: codes.length, codes };
  }

  async listCodes(id: string, p: Paging) {
    await this.get(id);
    const filter = { promotionId: id };
    const [rows, total] = await Promise.all([
      this.codes.find({ filter, sort: ['id'], limit: p.pageSize, offset: (p.page - 1) * p.pageSize }),
      this.codes.count({ filter }),
    ]);
    return paged(
      rows.map((c) => ({ code: c.id, uses: c.uses, createdAt: c.createdAt })),
      total,
      p,
    );
  }

  async exportCodes(id: string): Promise<string> {
    await this.get(id);
    return codesCsv(this.codes, id, EXPORT_MAX);
  }

  /** Counts by status, the counter the total limit guards, and the rows by order (newest first). */
  async usage(id: string, p: Paging) {
    const promotion = await this.get(id);
    const usage = this.store.collection<UsageDoc>('promotion_usage');
    const count = (status: string) => usage.count({ filter: { promotionId: id, status } });
    const [reserved, used, released, counter, rows, total] = await Promise.all([
      count('reserved'),
      count('used'),
      count('released'),
      this.store.collection<{ id: string; taken: number }>('usage_counters').get(totalCounterId(id)),
      usage.find({ filter: { promotionId: id }, sort: ['-reservedAt'], limit: p.pageSize, offset: (p.page - 1) * p.pageSize }),
      usage.count({ filter: { promotionId: id } }),
    ]);
    const counts = { reserved, used, released, taken: counter?.taken ?? 0, ...(promotion.limits ?? {}) };
    return { promotionId: id, counts, ...paged(rows.map(toUsageRow), total, p) };
  }

  private check(result: ReturnType<typeof validatePromotion>): PromotionFields {
    if (!result.ok) throw invalid(result.problems);
    return result.fields;
  }

  /** A promotion's code must not be one of the batch codes (the code lookup would be ambiguous). */
  private async refuseBatchCode(code?: string): Promise<void> {
    if (code && (await this.codes.get(code))) throw codeTaken(code);
  }
}
