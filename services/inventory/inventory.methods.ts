import { Errors, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { notFound } from '../../mixins/access/access.middleware';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import { recordEvent } from '../events.catalog';
import { ConditionFailedError, UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { planAllocation } from './inventory.allocation';
import type { LowStock, Movement, Reservation, ReservationDoc, ReserveParams, Shortage, StockRecord } from './inventory.contract';
import { stockChangedOps } from './inventory.events';
import { StaleStockError, reserveUnit, settleUnit } from './inventory.ops';
import {
  candidatesBySku,
  duplicateSkus,
  sameLines,
  settleVerdict,
  shortagesOf,
  toReservation,
  type SettleTarget,
} from './inventory.reservation.domain';

export interface InventoryMethods extends StoresMethods, OutboxMethods {
  stock(): Collection<StockRecord>;
  movements(): Collection<Movement>;
  reservations(): Collection<ReservationDoc>;
  readStock(skus: string[]): Promise<StockRecord[]>;
  commitUnit(ops: WriteOp[], lowStock: LowStock[]): Promise<void>;
  reserveOrder(p: ReserveParams, actor: string): Promise<Reservation>;
  settle(orderId: string, to: SettleTarget, actor: string, reason?: string): Promise<Reservation | null>;
  expireDue(): Promise<number>;
}
export type InventoryThis = Service & InventoryMethods;
export type InventoryActions = NonNullable<ServiceSchema<ServiceSettingSchema, InventoryMethods>['actions']>;

/** Re-reads after a lost race; each loser sees the winner's write, so a few suffice unless contention is extreme. */
export const RACE_ATTEMPTS = 8;
const SWEEP_BATCH = 100;

export const invalid = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message }]);
export const insufficient = (lines: Shortage[]) =>
  new Errors.MoleculerClientError('Not enough stock', 409, 'INSUFFICIENT_STOCK', { lines });
export const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));

/** DynamoDB runs a unit as one TransactWriteItems of at most 100 writes; the other engines take more. */
const maxUnitWrites = (engine: string) => (engine === 'dynamodb' ? 100 : 1_000);

export const inventoryMethods = {
  stock(this: InventoryThis) {
    return this.store('inventory').collection<StockRecord>('stock');
  },
  movements(this: InventoryThis) {
    return this.store('inventory').collection<Movement>('movements');
  },
  reservations(this: InventoryThis) {
    return this.store('inventory').collection<ReservationDoc>('reservations');
  },

  /** The index finds the rows; a consistent read by id gives the figures a guard is built on. */
  async readStock(this: InventoryThis, skus: string[]): Promise<StockRecord[]> {
    const found = (await Promise.all(skus.map((sku) => this.stock().find({ filter: { sku } })))).flat();
    return found.length ? this.stock().getMany(found.map((r) => r.id)) : [];
  },

  /** One atomic unit with its events (low stock, a stock-changed per stock record); publishes them at once when it commits. */
  async commitUnit(this: InventoryThis, ops: WriteOp[], lowStock: LowStock[]): Promise<void> {
    const now = Date.now();
    const lows = lowStock.map((data) => recordEvent('inventory', 'inventory.low-stock', data, now).op);
    const events = [...lows, ...stockChangedOps(ops, now)];
    const store = this.store('inventory');
    const writes = ops.length + events.length;
    if (writes > maxUnitWrites(store.engine))
      throw new Errors.MoleculerClientError(
        'This change needs too many writes for one atomic unit; split the order',
        409,
        'UNIT_TOO_LARGE',
        {
          writes,
          max: maxUnitWrites(store.engine),
        },
      );
    await store.atomic([...ops, ...events]);
    if (events.length)
      await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after a stock change: ${err.message}`));
  },

  async reserveOrder(this: InventoryThis, p: ReserveParams, actor: string): Promise<Reservation> {
    const dup = duplicateSkus(p.lines);
    if (dup.length) throw invalid('lines', `each SKU may appear once; repeated: ${dup.join(', ')}`);
    const start = Date.now();
    const expiresAt = p.expiresAt ?? start + config().inventory.defaultHoldS * 1000;
    if (expiresAt <= start) throw invalid('expiresAt', 'expiresAt must be in the future');
    const existing = async () => {
      const doc = await this.reservations().get(p.orderId);
      if (doc && !sameLines(doc, p.lines))
        throw new Errors.MoleculerClientError('This order already holds a different reservation', 409, 'RESERVATION_MISMATCH');
      return doc && toReservation(doc);
    };
    const prior = await existing();
    if (prior) return prior;
    let rows: StockRecord[] = [];
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      rows = await this.readStock(p.lines.map((l) => l.sku));
      const plan = planAllocation(p.lines, candidatesBySku(rows));
      if (!plan.ok) {
        // A concurrent identical request may have taken the stock for this very order.
        const winner = await existing();
        if (winner) return winner;
        throw insufficient(plan.shortages);
      }
      const now = Date.now();
      const doc: ReservationDoc = {
        id: p.orderId,
        status: 'active',
        lines: plan.lines,
        expiresAt,
        createdAt: now,
        updatedAt: now,
      };
      try {
        const unit = reserveUnit(doc, new Map(rows.map((r) => [r.id, r])), actor, now);
        await this.commitUnit(unit.ops, unit.lowStock);
        return toReservation(doc);
      } catch (err) {
        if (err instanceof UniqueConflictError && (err.data as { collection?: string }).collection === 'reservations') {
          const winner = await existing();
          if (winner) return winner;
        }
        if (!(err instanceof ConditionFailedError || err instanceof StaleStockError)) throw err;
      }
      await pause(attempt);
    }
    // Still losing races after several re-plans: answer with the figures last read rather than spin.
    throw insufficient(shortagesOf(p.lines, rows));
  },

  /** Ends an active reservation; a repeat returns it unchanged. Null: the sweeper found it already ended. */
  async settle(
    this: InventoryThis,
    orderId: string,
    to: SettleTarget,
    actor: string,
    reason?: string,
  ): Promise<Reservation | null> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const doc = await this.reservations().get(orderId);
      if (!doc) throw notFound('Reservation');
      const verdict = settleVerdict(doc.status, to);
      if (verdict === 'done') return to === 'expired' ? null : toReservation(doc);
      if (verdict === 'conflict') {
        if (to === 'expired') return null;
        throw new Errors.MoleculerClientError(
          `The reservation is already ${doc.status}`,
          409,
          `RESERVATION_${doc.status.toUpperCase()}`,
        );
      }
      const now = Date.now();
      try {
        await this.commitUnit(settleUnit(doc, to, actor, now, reason), []);
        return toReservation({ ...doc, status: to, updatedAt: now });
      } catch (err) {
        // Op 0 is the status condition: someone else ended it first; read what they did.
        if (!(err instanceof ConditionFailedError && (err.data as { opIndex?: number }).opIndex === 0)) throw err;
      }
    }
    throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
  },

  /** Releases active holds past their expiry. Safe on many nodes at once: each hold ends once. */
  async expireDue(this: InventoryThis): Promise<number> {
    await this.ensureConnected('inventory');
    let released = 0;
    // Bounded: a hold that keeps failing to settle must not keep one pass busy forever.
    for (let batch = 0; batch < 10; batch++) {
      const due = await this.reservations().find({
        filter: { status: 'active', expiresAt: { $lte: Date.now() } },
        sort: ['expiresAt'],
        limit: SWEEP_BATCH,
      });
      for (const doc of due) {
        const done = await this.settle(doc.id, 'expired', 'system', 'expired').catch((err: Error) => {
          this.logger.warn(`Expiring reservation ${doc.id} failed: ${err.message}`);
          return null;
        });
        if (done) released++;
      }
      if (due.length < SWEEP_BATCH) break;
    }
    return released;
  },
};
