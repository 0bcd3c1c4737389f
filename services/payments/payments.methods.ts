import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { PaymentsConfig } from '../../config/payments';
import type {
  AuditDoc,
  AuthorizeParams,
  AuthorizeResult,
  PaymentDoc,
  PaymentStatus,
  PaymentView,
  ReconcileReport,
  RefundDoc,
  RefundParams,
  TransactionDoc,
  TransactionKind,
  WebhookAnswer,
  WebhookEvent,
  WebhookEventDoc,
} from './payments.contract';
import { illegalTransition } from './payments.errors';
import { statusChangeOps, transactionOp, type Actor } from './payments.ops';
import { ProviderError, type PaymentProvider } from './payments.provider';
import type { Held, HeldRefund } from './payments.refunds';
import type { ChargeOperation } from './sandbox.decision';

export type PaymentsMeta = CallerMeta & { idempotencyKey?: string; webhookSignature?: string };
export type PaymentsContext<P = unknown> = Context<P, PaymentsMeta>;

export interface PaymentsBase extends StoresMethods, OutboxMethods {
  paymentsCfg: PaymentsConfig;
  paymentProvider: PaymentProvider;
  /** PAYMENT_WEBHOOK_SECRET, or in embedded mode the installation's own (see payments.service.ts). */
  webhookSecret: string;
}

export interface CoreMethods {
  payments(): Collection<PaymentDoc>;
  transactions(): Collection<TransactionDoc>;
  refunds(): Collection<RefundDoc>;
  audit(): Collection<AuditDoc>;
  webhookEvents(): Collection<WebhookEventDoc>;
  /** Commits a unit and publishes its events soon after (the relay's poll would, later). */
  commit(ops: WriteOp[]): Promise<void>;
  publishSoon(): void;
  /** Marks a new payment state without the provider (void with nothing to release). */
  markWithoutProvider(
    before: PaymentDoc | null,
    orderId: string,
    reason: string,
    who: Actor,
  ): { ops: WriteOp[]; after: PaymentDoc };
  authorizeOrder(p: AuthorizeParams, key: string | undefined, who: Actor): Promise<AuthorizeResult>;
  caughtUp(orderId: string, op: ChargeOperation, who: Actor): Promise<PaymentDoc | null>;
  changeStatus(
    orderId: string,
    op: 'capture' | 'void',
    key: string | undefined,
    who: Actor,
    reason?: string,
  ): Promise<PaymentView>;
  refundOrder(p: RefundParams, stepKey: string | undefined, who: Actor): Promise<PaymentView>;
  holdRefund(id: string, key: string, p: RefundParams, who: Actor): Promise<Held>;
  sendRefund(row: HeldRefund, payment: PaymentDoc, who: Actor): Promise<WriteOp[]>;
  releaseRefund(row: RefundDoc, who: Actor): Promise<void>;
  handleWebhook(event: WebhookEvent, who: Actor): Promise<WebhookAnswer>;
  settleLateCharge(orderId: string, providerRef: string, providerKey: string): Promise<AuthorizeResult>;
  reportedChangeOps(payment: PaymentDoc, to: PaymentStatus, reason: string, who: Actor): WriteOp[];
  reconcile(apply: boolean, who: Actor): Promise<ReconcileReport>;
  fixFromProvider(orderId: string, to: PaymentStatus, who: Actor): Promise<boolean>;
}

export type PaymentsThis = Service & PaymentsBase & CoreMethods;
export type PaymentsActions = NonNullable<ServiceSchema<ServiceSettingSchema, CoreMethods, PaymentsBase>['actions']>;

export const RACE_ATTEMPTS = 5;

export const actorOf = (ctx: PaymentsContext): Actor => ({
  actor: ctx.meta.user?.id ?? 'system',
  requestId: ctx.requestID ?? undefined,
});

/** Someone changed the payment between our read and our write: read again and decide again. */
export const lostRace = (err: unknown) =>
  err instanceof VersionConflictError || err instanceof ConditionFailedError || err instanceof UniqueConflictError;

export type Timed<T> = { startedAt: number; finishedAt: number } & ({ ok: true; value: T } | { ok: false; error: ProviderError });

/** Runs one provider call, timing it; anything but a provider's own answer counts as the provider being unavailable. */
export async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const startedAt = Date.now();
  try {
    const value = await call();
    return { ok: true, value, startedAt, finishedAt: Date.now() };
  } catch (err) {
    const error = err instanceof ProviderError ? err : new ProviderError('unavailable', (err as Error).message);
    return { ok: false, error, startedAt, finishedAt: Date.now() };
  }
}

/** The transaction row of a failed call. */
export function failedCall(
  kind: TransactionKind,
  orderId: string,
  key: string,
  call: Timed<unknown>,
  providerRef?: string,
): WriteOp {
  return transactionOp({
    orderId,
    kind,
    idempotencyKey: key,
    outcome: 'error',
    ...(providerRef ? { providerRef } : {}),
    code: call.ok ? undefined : call.error.failure,
    startedAt: call.startedAt,
    finishedAt: call.finishedAt,
  });
}

export const coreMethods = {
  payments(this: PaymentsThis) {
    return this.store('payments').collection<PaymentDoc>('payments');
  },
  transactions(this: PaymentsThis) {
    return this.store('payments').collection<TransactionDoc>('transactions');
  },
  refunds(this: PaymentsThis) {
    return this.store('payments').collection<RefundDoc>('refunds');
  },
  audit(this: PaymentsThis) {
    return this.store('payments').collection<AuditDoc>('payment_audit');
  },
  webhookEvents(this: PaymentsThis) {
    return this.store('payments').collection<WebhookEventDoc>('webhook_events');
  },
  async commit(this: PaymentsThis, ops: WriteOp[]): Promise<void> {
    if (!ops.length) return;
    await this.store('payments').atomic(ops);
    this.publishSoon();
  },
  publishSoon(this: PaymentsThis): void {
    void this.flushOutbox().catch((err: Error) => this.logger.warn(`Payments outbox flush: ${err.message}`));
  },
  markWithoutProvider(this: PaymentsThis, before: PaymentDoc | null, orderId: string, reason: string, who: Actor) {
    if (before && before.status !== 'FAILED') throw illegalTransition(before.status, 'VOIDED');
    const now = Date.now();
    const after: PaymentDoc = { ...(before ?? { id: orderId, createdAt: now }), status: 'VOIDED', updatedAt: now };
    return { ops: statusChangeOps(before, after, reason, who), after };
  },
};

export const missingPayment = () => notFound('Payment');
