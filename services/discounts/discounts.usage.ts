import { Errors } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import { recordEvent } from '../events.catalog';
import { Gate } from './discounts.gate';
import type { ReleaseUsageRequest, ReserveUsageRequest, UsageRow } from './discounts.contract';
import { normaliseCode, type Promotion } from './domain/promotion.types';
import {
  customerCounterId,
  giveBack,
  ignoreTaken,
  limitReached,
  limitsKey,
  moveRow,
  reserveRow,
  releases,
  takeUse,
  tooBusy,
  toUsageRow,
  totalCounterId,
  usageId,
  type CodeDoc,
  type PromotionDoc,
  type CounterDoc,
  type LimitName,
  type Take,
  type UsageDoc,
} from './discounts.usage.ops';

type Reason = ReleaseUsageRequest['reason'];
/** Re-reads after a lost race: each loser sees the winner's write, so a few suffice. */
const RACE_ATTEMPTS = 8;
const SWEEP_BATCH = 100;
const opIndexOf = (err: unknown) => (err as { data?: { opIndex?: number } }).data?.opIndex ?? -1;

/**
 * Promotion usage on the discounts store, engine-blind: reserve, commit, release and the expiry
 * sweep. `published` runs after a unit that recorded events (the service flushes its outbox).
 */
export class PromotionUsage {
  constructor(
    private readonly store: Store,
    private readonly published: () => void = () => undefined,
  ) {}
  private readonly gate = new Gate();

  private get usage() {
    return this.store.collection<UsageDoc>('promotion_usage');
  }

  /** One use of each promotion for the order, all or none; a repeat finds its rows and changes nothing. */
  reserve(req: ReserveUsageRequest): Promise<UsageRow[]> {
    return this.gate.run(() => this.reserveNow(req));
  }

  private async reserveNow(req: ReserveUsageRequest): Promise<UsageRow[]> {
    if (new Set(req.promotions.map((p) => p.promotionId)).size < req.promotions.length)
      throw new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [
        { field: 'promotions', message: 'each promotion may appear once' },
      ]);
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const rows = new Map(
        (await this.usage.getMany(req.promotions.map((p) => usageId(p.promotionId, req.orderId)))).map((r) => [r.promotionId, r]),
      );
      const todo = req.promotions.filter((p) => (rows.get(p.promotionId)?.status ?? 'released') === 'released');
      if (!todo.length) return [...rows.values()].map(toUsageRow);
      const promotions = await this.promotions(todo.map((p) => p.promotionId));
      const ops: WriteOp[] = [];
      const limits = new Map<number, [string, LimitName]>();
      const now = Date.now();
      for (const p of todo) {
        const promotion = promotions.get(p.promotionId)!;
        const batchCode = await this.ensureCounters(promotion, req.userId, p.code);
        const first = reserveRow(req, p, batchCode, rows.get(p.promotionId), now);
        const take = takeUse(promotion, req.userId, batchCode, first);
        for (const [i, limit] of take.limits) limits.set(ops.length + i, [p.promotionId, limit]);
        ops.push(...take.ops);
      }
      try {
        await this.store.atomic(ops);
        return (await this.usage.getMany(req.promotions.map((p) => usageId(p.promotionId, req.orderId)))).map(toUsageRow);
      } catch (err) {
        const limit = limits.get(opIndexOf(err));
        if (err instanceof ConditionFailedError && limit && !(await this.limitsMoved(promotions.get(limit[0])!)))
          throw limitReached(...limit);
        // Limits changed since read, or another call for this order got there first: read again.
        if (!(err instanceof ConditionFailedError || err instanceof UniqueConflictError)) throw err;
      }
    }
    throw tooBusy();
  }

  /** Reserved uses become used and publish `promotion.applied`; an expired one is taken again, under the limits. */
  commit(orderId: string): Promise<UsageRow[]> {
    return this.settleOrder(orderId, 'commit');
  }

  /** Releases every use of the order that `reason` gives back; publishes `promotion.usage-released` per use. */
  release(orderId: string, reason: Reason): Promise<UsageRow[]> {
    return this.settleOrder(orderId, reason);
  }

  private async settleOrder(orderId: string, to: 'commit' | Reason): Promise<UsageRow[]> {
    const out: UsageRow[] = [];
    for (const row of await this.usage.find({ filter: { orderId } })) out.push((await this.settle(row.id, to)).row);
    return out;
  }

  /** Releases reserved uses past their expiry; safe on many nodes at once (each row moves once). */
  async expireDue(now = Date.now()): Promise<number> {
    let released = 0;
    for (let batch = 0; batch < 10; batch++) {
      const due = await this.usage.find({
        filter: { status: 'reserved', expiresAt: { $lte: now } },
        sort: ['expiresAt'],
        limit: SWEEP_BATCH,
      });
      for (const row of due) if ((await this.settle(row.id, 'expired')).changed) released++;
      if (due.length < SWEEP_BATCH) break;
    }
    return released;
  }

  private settle(id: string, to: 'commit' | Reason): Promise<{ row: UsageRow; changed: boolean }> {
    return this.gate.run(() => this.settleNow(id, to));
  }

  private async settleNow(id: string, to: 'commit' | Reason): Promise<{ row: UsageRow; changed: boolean }> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const row = await this.usage.get(id);
      if (!row) throw notFound('Promotion usage');
      const unit = await this.settleUnit(row, to, Date.now());
      if (!unit) return { row: toUsageRow(row), changed: false };
      try {
        await this.store.atomic(unit.ops);
        this.published();
        return { row: toUsageRow((await this.usage.get(id))!), changed: true };
      } catch (err) {
        const limit = unit.limits.get(opIndexOf(err));
        if (err instanceof ConditionFailedError && limit && !(await this.limitsMoved(unit.promotion!)))
          throw limitReached(row.promotionId, limit);
        // Op 0 is the row's status condition: someone else moved it first; read what they did.
        if (!(err instanceof ConditionFailedError)) throw err;
      }
    }
    throw tooBusy();
  }

  /** The unit that moves the row toward `to`, or null when there is nothing to do. */
  private async settleUnit(row: UsageDoc, to: 'commit' | Reason, now: number): Promise<Take | null> {
    const { orderId, promotionId, code } = row;
    const tag = code ? { code } : {};
    if (to === 'commit') {
      if (row.status === 'used') return null;
      const money = { amount: row.amount, currency: row.currency };
      const applied = recordEvent('discounts', 'promotion.applied', { orderId, promotionId, ...tag, amount: money }, now).op;
      const used = { status: 'used' as const, usedAt: now };
      if (row.status === 'reserved') return { ops: [moveRow(row, 'reserved', used), applied], limits: new Map() };
      if (row.releaseReason !== 'expired')
        throw new Errors.MoleculerClientError('This use was released', 409, 'USAGE_RELEASED', { promotionId, orderId });
      // The hold lapsed before capture: take the use again, under the same limits as a reservation.
      const promotion = (await this.promotions([promotionId])).get(promotionId)!;
      const batch = row.batchCode ? row.code : undefined;
      const take = takeUse(promotion, row.userId, batch, moveRow(row, 'released', used, ['releasedAt', 'releaseReason']));
      return { ops: [...take.ops, applied], limits: take.limits, promotion };
    }
    if (row.status === 'released') return null;
    const promotion = row.status === 'used' ? ((await this.promotions([promotionId], true)).get(promotionId) ?? null) : null;
    if (!releases(row.status, to, promotion)) return null;
    const released = recordEvent('discounts', 'promotion.usage-released', { orderId, promotionId, ...tag, reason: to }, now).op;
    const move = moveRow(row, row.status, { status: 'released', releasedAt: now, releaseReason: to });
    return { ops: [move, ...giveBack(row), released], limits: new Map() };
  }

  /** A failed take's limits changed after it read them (retry), rather than one being reached. */
  private async limitsMoved(p: Promotion): Promise<boolean> {
    return (await this.store.collection<CounterDoc>('usage_counters').get(totalCounterId(p.id)))?.limits !== limitsKey(p);
  }

  private async promotions(ids: string[], lenient = false): Promise<Map<string, Promotion>> {
    const found = await this.store.collection<PromotionDoc>('promotions').getMany(ids);
    if (!lenient && found.length < new Set(ids).size) throw notFound('Promotion');
    return new Map(found.map((p) => [p.id, p]));
  }

  /** The counters a take changes exist first (idempotent inserts); returns the code when it is one of this promotion's batch codes. */
  private async ensureCounters(promotion: Promotion, userId: string, code?: string): Promise<string | undefined> {
    const counters = this.store.collection<CounterDoc>('usage_counters');
    const [batch] = await Promise.all([
      code ? this.store.collection<CodeDoc>('promotion_codes').get(normaliseCode(code)) : null,
      counters
        .insert({ id: totalCounterId(promotion.id), promotionId: promotion.id, taken: 0, limits: limitsKey(promotion) })
        .catch(ignoreTaken),
      counters.insert({ id: customerCounterId(promotion.id, userId), promotionId: promotion.id, taken: 0 }).catch(ignoreTaken),
    ]);
    return batch?.promotionId === promotion.id ? batch.id : undefined;
  }
}
