import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { canActFor } from '../../mixins/access/access.domain';
import { runOnce } from '../../mixins/messaging/idempotency';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import { recordEvent } from '../events.catalog';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type {
  HistoryRow,
  IdempotencyRecord,
  Order,
  OrderEvent,
  OrderStatus,
  StatusChangedEvent,
  TransitionResult,
} from './orders.contract';
import { OrderRuleError } from './orders.errors';
import { RuleError } from '../../mixins/validation/rule-error';
import { changeStatus } from './order.aggregate';
import { historyFromLog } from './orders.events';
import type { PlacingMethods } from './orders.place';

export type OrdersMeta = CallerMeta & {
  /** The saga step's key (`sagaId:stepId`): a repeated step call returns the first result. */
  idempotencyKey?: string;
  /** The client's Idempotency-Key header, as the gateway copied it. */
  requestIdempotencyKey?: string;
  $statusCode?: number;
};
export type OrdersContext<P = unknown> = Context<P, OrdersMeta>;

export interface StatusChangeRequest {
  orderId: string;
  to: OrderStatus;
  reason?: string;
  /** Saga calls: the order already in `to` is success (nothing written), so a re-run step cannot fail on its own effect. */
  sameIsDone: boolean;
  /** Remembered per key (ctx.meta.idempotencyKey); absent for REST calls. */
  key?: string;
  action: string;
}

export interface OrdersMethods extends StoresMethods, OutboxMethods, PlacingMethods {
  orders(): Collection<Order>;
  events(): Collection<OrderEvent>;
  keys(): Collection<IdempotencyRecord>;
  history(): Collection<HistoryRow>;
  historyOf(order: Order): Promise<HistoryRow[]>;
  recordHistory(row: Omit<HistoryRow, 'id'>): Promise<void>;
  visibleOrder(ctx: OrdersContext, id: string, who: 'owner' | 'owner-or-staff'): Promise<Order>;
  changeStatus(req: StatusChangeRequest): Promise<TransitionResult>;
  afterChange(change: StatusChangedEvent & { at: number }, fresh: boolean): Promise<void>;
  publishSoon(): void;
}
export type OrdersThis = Service & OrdersMethods;
export type OrdersActions = NonNullable<ServiceSchema<ServiceSettingSchema, OrdersMethods>['actions']>;

// Contention on one order is a saga step racing a shipment event or a customer's cancel: a few re-reads settle it.
export const CHANGE_ATTEMPTS = 8;
export const LOST_RACE = [VersionConflictError, UniqueConflictError, ConditionFailedError];

/**
 * The writes that take `order` to `next` as one unit: the order against the version read (its
 * status, reason and `set`), the log entry, and the `order.status-changed` outbox row when the status moved.
 */
export function orderChangeOps(
  order: Order,
  next: Order,
  logEntry: OrderEvent,
  published: StatusChangedEvent | undefined,
  at: number,
  set: Record<string, unknown> = {},
): WriteOp[] {
  const change = { $set: { ...set, status: next.status, updatedAt: next.updatedAt, reason: next.reason ?? null } };
  return [
    { op: 'update', collection: 'orders', id: order.id, change, expectVersion: order.version },
    { op: 'insert', collection: 'order_events', doc: logEntry },
    ...(published ? [recordEvent('orders', 'order.status-changed', published, at).op] : []),
  ];
}

/** A rule's refusal as the client sees it; anything else passes through unchanged. */
export function clientError(err: unknown): unknown {
  if (err instanceof RuleError) return new Errors.MoleculerClientError(err.message, 409, err.code, err.data);
  if (!(err instanceof OrderRuleError)) return err;
  if (err.status === 422) return new Errors.ValidationError(err.message, 'VALIDATION_ERROR', err.data?.fields ?? []);
  return new Errors.MoleculerClientError(err.message, err.status, err.type, err.data);
}

export const ordersMethods = {
  orders(this: OrdersThis) {
    return this.store('orders').collection<Order>('orders');
  },
  events(this: OrdersThis) {
    return this.store('orders').collection<OrderEvent>('order_events');
  },
  keys(this: OrdersThis) {
    return this.store('orders').collection<IdempotencyRecord>('idempotency_keys');
  },
  history(this: OrdersThis) {
    return this.store('order-history').collection<HistoryRow>('status_history');
  },

  /**
   * The history store is written just after the order's unit, so a read in between (or after a
   * crash there) finds it a status behind. Then the log, committed with the order, answers, and the
   * missing rows are written back in passing.
   */
  async historyOf(this: OrdersThis, order: Order): Promise<HistoryRow[]> {
    const stored = await this.history().find({ filter: { orderId: order.id }, sort: ['at'] });
    if (stored.some((row) => row.to === order.status)) return stored;
    const logged = historyFromLog(await this.events().find({ filter: { orderId: order.id } }));
    const missing = logged.filter((row) => !stored.some((s) => s.to === row.to));
    void Promise.all(missing.map((row) => this.recordHistory(row))).catch((err: Error) =>
      this.logger.warn(`Repairing the status history of order ${order.id} failed: ${err.message}`),
    );
    return logged.map((row) => ({ id: `${row.orderId}:${row.to}`, ...row }));
  },

  /**
   * The history lives in another store, so it cannot join the order's atomic unit: it is written
   * right after, under an id per status, and a repeated call (a saga retry) writes it again — a
   * no-op when it exists, a repair when the first attempt died in between.
   */
  async recordHistory(this: OrdersThis, row: Omit<HistoryRow, 'id'>): Promise<void> {
    try {
      await this.history().insert({ id: `${row.orderId}:${row.to}`, ...row });
    } catch (err) {
      if (!(err instanceof UniqueConflictError)) throw err;
    }
  },

  /** The order when the caller may see it; anyone else's answers exactly like a missing one. */
  async visibleOrder(this: OrdersThis, ctx: OrdersContext, id: string, who: 'owner' | 'owner-or-staff'): Promise<Order> {
    const user = ctx.meta.user;
    const order = await this.orders().get(id);
    const allowed = !!order && !!user && (who === 'owner' ? order.userId === user.id : canActFor(user, order.userId));
    if (!allowed) throw notFound('Order');
    return order!;
  },

  /**
   * One transition as one atomic unit: the order (against the version read), its event-log entry
   * and the `order.status-changed` outbox row, plus the processed-call record when a saga step
   * calls (runOnce). A lost race re-reads and re-plans. The history row follows in its own store.
   */
  async changeStatus(this: OrdersThis, req: StatusChangeRequest): Promise<TransitionResult> {
    const store = this.store('orders');
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, fresh } = await runOnce(store, req.key, req.action, async () => {
          const order = await this.orders().get(req.orderId);
          if (!order) throw notFound('Order');
          const at = Date.now();
          // The aggregate's guard: a forbidden change throws 409 ILLEGAL_TRANSITION before anything is written.
          const decision = changeStatus(order, req.to, at, req.reason, req.sameIsDone);
          if (!decision.changed) return { ops: [], result: { ...decision.published, at: order.updatedAt, changed: false } };
          const { next, logEntry, published } = decision;
          const ops = orderChangeOps(order, next, logEntry, published, at);
          return { ops, result: { ...published, at, changed: true } };
        });
        if (result.changed) await this.afterChange(result, fresh);
        return result;
      } catch (err) {
        if (attempt < CHANGE_ATTEMPTS && LOST_RACE.some((E) => err instanceof E)) continue;
        throw clientError(err);
      }
    }
  },

  /** What follows a committed status change: its history row (another store), and the event published soon when this call made it. */
  async afterChange(this: OrdersThis, change: StatusChangedEvent & { at: number }, fresh: boolean): Promise<void> {
    const { orderId, from, to, at, reason } = change;
    await this.recordHistory(reason ? { orderId, from, to, at, reason } : { orderId, from, to, at });
    if (fresh) this.publishSoon();
  },

  /** Publishes the outbox now rather than at the next poll, without holding up the answer. */
  publishSoon(this: OrdersThis): void {
    this.flushOutbox().catch((err: Error) => this.logger.warn(`Orders outbox: ${err.message}`));
  },
};
