import { currencyParam } from '../mixins/validation/money';
import Validator from 'fastest-validator';
import type { EventEnvelope } from '../mixins/messaging/messaging.types';
import { outboxInsert } from '../mixins/messaging/outbox';
import type { WriteOp } from '../mixins/store/store.types';
import type { UserEmailVerified, UserRegistered, UserRolesChanged, UserStatusChanged } from './auth/auth.contract';
import type { LowStock } from './inventory/inventory.contract';
import { ORDER_STATUSES, type StatusChangedEvent } from './orders/orders.contract';
import type { PaymentEventData } from './payments/payments.contract';
import type { CategoryChanged, ProductChanged } from './products/products.contract';

/**
 * Every business event the platform publishes: its name, payload type, schema and version. A
 * payload's shape changes only with a new version; consumers check `v`.
 */
export interface EventPayloads {
  'user.registered': UserRegistered;
  'user.email-verified': UserEmailVerified;
  'user.roles-changed': UserRolesChanged;
  'user.status-changed': UserStatusChanged;
  'product.changed': ProductChanged;
  'category.changed': CategoryChanged;
  'inventory.low-stock': LowStock;
  'order.status-changed': StatusChangedEvent;
  'payment.authorized': PaymentEventData;
  'payment.captured': PaymentEventData;
  'payment.voided': PaymentEventData;
  'payment.refunded': PaymentEventData;
  'payment.declined': PaymentEventData;
}
export type EventName = keyof EventPayloads;

const id = { type: 'string', min: 1, max: 128 };
const roles = { type: 'array', items: { type: 'enum', values: ['customer', 'support', 'admin'] } };
const count = { type: 'number', integer: true };
const payment = {
  version: 1,
  schema: {
    orderId: id,
    userId: { ...id, optional: true },
    status: { type: 'enum', values: ['AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'DECLINED', 'FAILED'] },
    amount: { ...count, min: 0, optional: true },
    currency: { ...currencyParam, optional: true },
    reason: { type: 'string', max: 500, optional: true },
  },
};

export const EVENT_CATALOG: Record<EventName, { version: number; schema: Record<string, unknown> }> = {
  'user.registered': { version: 1, schema: { id, email: 'email', name: 'string' } },
  'user.email-verified': { version: 1, schema: { id, email: 'email' } },
  'user.roles-changed': { version: 1, schema: { id, roles, previous: roles } },
  'user.status-changed': { version: 1, schema: { id, status: { type: 'enum', values: ['active', 'disabled'] } } },
  'product.changed': { version: 1, schema: { id, change: { type: 'enum', values: ['created', 'updated', 'archived'] } } },
  'category.changed': { version: 1, schema: { id } },
  'inventory.low-stock': { version: 1, schema: { sku: id, warehouse: id, available: count, reorderPoint: count } },
  'order.status-changed': {
    version: 1,
    schema: {
      orderId: id,
      userId: id,
      from: { type: 'enum', values: [...ORDER_STATUSES] },
      to: { type: 'enum', values: [...ORDER_STATUSES] },
      reason: { type: 'string', max: 500, optional: true },
      total: {
        type: 'object',
        strict: true,
        props: { amount: { ...count, min: 0 }, currency: currencyParam },
      },
    },
  },
  'payment.authorized': payment,
  'payment.captured': payment,
  'payment.voided': payment,
  'payment.refunded': payment,
  'payment.declined': payment,
};

/** The outbox write for a catalogued event, typed by name and stamped with its version. */
export function recordEvent<K extends EventName>(
  source: string,
  event: K,
  data: EventPayloads[K],
  now = Date.now(),
): { op: WriteOp; envelope: EventEnvelope<EventPayloads[K]> } {
  return outboxInsert(source, event, data, now, EVENT_CATALOG[event].version);
}

const validator = new Validator();
const checks = new Map<string, (value: unknown) => true | { message?: string }[] | Promise<unknown>>();

/** What is wrong with an envelope by the catalog: unknown name, wrong version, payload off its schema. */
export function eventProblems(envelope: EventEnvelope): string[] {
  const entry = EVENT_CATALOG[envelope.event as EventName];
  if (!entry) return [`${envelope.event}: not in the event catalog`];
  const problems: string[] = [];
  if (envelope.v !== undefined && envelope.v !== entry.version)
    problems.push(`${envelope.event}: version ${envelope.v}, catalog has ${entry.version}`);
  let check = checks.get(envelope.event);
  if (!check) {
    check = validator.compile({ ...entry.schema, $$strict: true }) as never;
    checks.set(envelope.event, check!);
  }
  const result = check!(envelope.data);
  if (result !== true) for (const e of result as { message?: string }[]) problems.push(`${envelope.event}: ${e.message}`);
  return problems;
}
