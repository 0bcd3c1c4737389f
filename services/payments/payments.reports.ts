import { Errors } from 'moleculer';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import type {
  PaymentDoc,
  PaymentStatus,
  ReconcileMismatch,
  ReconcileReport,
  WebhookAnswer,
  WebhookEvent,
  WebhookEventDoc,
} from './payments.contract';
import { lostRace, RACE_ATTEMPTS, type PaymentsThis } from './payments.methods';
import { refundedEventOp, refundOp, statusChangeOps, type Actor } from './payments.ops';
import { refundedOf } from './payments.refunds.domain';
import { fromProviderStatus, reachable, WEBHOOK_STATUS } from './payments.state';

const PAGE = 200;

/**
 * What the provider tells us, by webhook or when asked during reconciliation: its state is the
 * truth about money, so ours follows it wherever the state machine has a path there (steps we
 * missed included); anything else is reported, never forced.
 */
export const reportMethods = {
  reportedChangeOps(this: PaymentsThis, payment: PaymentDoc, to: PaymentStatus, reason: string, who: Actor): WriteOp[] {
    const now = Date.now();
    const refunding = to === 'REFUNDED' && payment.providerRef && payment.amount !== undefined && payment.currency;
    // Refunded at the provider whole: what was not yet refunded on our side came back now.
    const after: PaymentDoc = { ...payment, status: to, updatedAt: now, ...(refunding ? { refunded: payment.amount } : {}) };
    const ops = statusChangeOps(payment, after, reason, who);
    if (refunding) {
      const refund = {
        orderId: payment.id,
        providerRef: payment.providerRef!,
        amount: payment.amount! - refundedOf(payment),
        currency: payment.currency!,
        reason,
        origin: 'provider' as const,
        state: 'done' as const,
        refundedTotal: payment.amount!,
        createdAt: now,
      };
      ops.push(refundOp(refund), refundedEventOp(payment, refund, now));
    }
    return ops;
  },

  /** Applies a verified event once: the event's record goes in the same unit as the change it causes. */
  async handleWebhook(this: PaymentsThis, event: WebhookEvent, who: Actor): Promise<WebhookAnswer> {
    const seen = await this.webhookEvents().get(event.id);
    if (seen) return { received: true, duplicate: true, outcome: seen.outcome };
    const reported = WEBHOOK_STATUS[event.type];
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const [payment] = await this.payments().find({ filter: { providerRef: event.providerRef }, limit: 1 });
      const to = reported && fromProviderStatus(reported);
      let outcome: WebhookEventDoc['outcome'] = 'ignored';
      let ops: WriteOp[] = [];
      if (payment && to && payment.status === to) outcome = 'unchanged';
      else if (payment && to && reachable(payment.status, to)) {
        outcome = 'applied';
        ops = this.reportedChangeOps(payment, to, `provider reported ${event.type}`, who);
      }
      const record: WebhookEventDoc = {
        id: event.id,
        type: event.type,
        providerRef: event.providerRef,
        outcome,
        receivedAt: Date.now(),
      };
      try {
        await this.commit([{ op: 'insert', collection: 'webhook_events', doc: record }, ...ops]);
        // Acknowledged all the same: the provider would otherwise resend an event we cannot use.
        if (outcome === 'ignored') this.logger.warn(`Webhook event ${event.id} (${event.type}) matched no change we can apply`);
        return { received: true, duplicate: false, outcome };
      } catch (err) {
        if (err instanceof UniqueConflictError && (err.data as { opIndex?: number }).opIndex === 0) {
          const winner = await this.webhookEvents().get(event.id);
          return { received: true, duplicate: true, outcome: winner?.outcome ?? outcome };
        }
        if (!lostRace(err)) throw err;
      }
    }
    throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
  },

  /** Compares every charged payment with the provider's state; with `apply`, brings ours in line where a legal path leads. */
  async reconcile(this: PaymentsThis, apply: boolean, who: Actor): Promise<ReconcileReport> {
    const mismatches: ReconcileMismatch[] = [];
    let checked = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.payments().find({ filter: { providerRef: { $exists: true } }, sort: ['id'], limit: PAGE, offset });
      for (const payment of page) {
        checked++;
        const theirs = await this.paymentProvider.status(payment.providerRef!);
        const provider = theirs ? fromProviderStatus(theirs) : 'MISSING';
        if (provider === payment.status) continue;
        const mismatch: ReconcileMismatch = { orderId: payment.id, ours: payment.status, provider };
        if (apply) mismatch.fixed = provider !== 'MISSING' && (await this.fixFromProvider(payment.id, provider, who));
        mismatches.push(mismatch);
      }
      if (page.length < PAGE) break;
    }
    if (mismatches.length)
      this.logger.warn(`Reconciliation: ${mismatches.length} of ${checked} payments differ from the provider`);
    return { checked, mismatches };
  },

  async fixFromProvider(this: PaymentsThis, orderId: string, to: PaymentStatus, who: Actor): Promise<boolean> {
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const payment = await this.payments().get(orderId);
      if (!payment) return false;
      if (payment.status === to) return true;
      // How much the provider gave back on its own is not in its status: an operator settles that.
      if (!reachable(payment.status, to) || to === 'PARTIALLY_REFUNDED') return false;
      try {
        await this.commit(this.reportedChangeOps(payment, to, 'reconciliation with the provider', who));
        return true;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    return false;
  },
};
