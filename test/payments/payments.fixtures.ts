import { randomBytes } from 'node:crypto';
import type { Errors } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Collection } from '../../mixins/store/store.types';
import type { AuditDoc, PaymentDoc, PaymentView, RefundDoc, TransactionDoc } from '../../services/payments/payments.contract';
import type { PaymentsThis } from '../../services/payments/payments.methods';
import type { SandboxCharge, SandboxProvider } from '../../services/payments/sandbox.provider';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
/** Longer than the deadline the tests give `tok_slow` calls (the saga's 2000 ms, scaled down). */
export const SLOW_MS = 1_200;
export const DEADLINE_MS = 400;

export interface World {
  platform: Platform;
  cast: Cast;
  events: EventEnvelope[];
  sandbox: SandboxProvider;
  col: {
    payments: Collection<PaymentDoc>;
    transactions: Collection<TransactionDoc>;
    refunds: Collection<RefundDoc>;
    audit: Collection<AuditDoc>;
    charges: Collection<SandboxCharge>;
    processed: Collection;
    webhookEvents: Collection;
  };
  /** Calls an action as the saga engine does: system principal and a step's idempotency key. */
  step<T>(action: string, params: unknown, key?: string, timeout?: number): Promise<T>;
  /** The error a call failed with. */
  failure(promise: Promise<unknown>): Promise<Errors.MoleculerError>;
}

export const newOrder = (tag = 'o') => `${tag}-${randomBytes(6).toString('hex')}`;
export const eur = (amount: number) => ({ amount, currency: 'EUR' });

export async function startWorld(): Promise<World> {
  const platform = await startPlatform(['api', 'auth', 'payments'], {
    ADMIN_PASSWORD,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SANDBOX_SLOW_MS: String(SLOW_MS),
  });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const events: EventEnvelope[] = [];
  platform.broker.createService({
    name: 'payment-events-probe',
    events: { 'payment.*': (ctx: { params: EventEnvelope }) => void events.push(ctx.params) },
  });
  await platform.broker.waitForServices(['payment-events-probe']);
  const svc = platform.broker.getLocalService('payments') as unknown as PaymentsThis;
  const store = svc.store('payments');
  return {
    platform,
    cast: await castOf(platform.api),
    events,
    sandbox: svc.paymentProvider as SandboxProvider,
    col: {
      payments: store.collection<PaymentDoc>('payments'),
      transactions: store.collection<TransactionDoc>('transactions'),
      refunds: store.collection<RefundDoc>('refunds'),
      audit: store.collection<AuditDoc>('payment_audit'),
      charges: store.collection<SandboxCharge>('sandbox_charges'),
      processed: store.collection('processed_calls'),
      webhookEvents: store.collection('webhook_events'),
    },
    step: <T>(action: string, params: unknown, key?: string, timeout?: number) =>
      platform.broker.call<T, unknown>(action, params, {
        meta: { user: SYSTEM_PRINCIPAL, ...(key ? { idempotencyKey: key } : {}) },
        ...(timeout ? { timeout } : {}),
      }),
    failure: (promise) =>
      promise.then(
        () => {
          throw new Error('expected the call to fail');
        },
        (err: Errors.MoleculerError) => err,
      ),
  };
}

/** Authorizes an order for 25.00 EUR through the saga's call; returns its order id. */
export async function authorized(w: World, token = 'tok_visa'): Promise<string> {
  const orderId = newOrder();
  await w.step('payments.authorize', { orderId, userId: 'u-1', amount: eur(2500), token }, `saga-${orderId}:authorize`);
  return orderId;
}

/** The payment's audit trail as `from>to` entries (sorted: rows written in one millisecond have no order). */
export const auditOf = async (w: World, orderId: string) =>
  (await w.col.audit.find({ filter: { orderId } })).map((a) => `${a.from ?? '-'}>${a.to}`).sort();

export type { PaymentView };
