import { Errors } from 'moleculer';
import { runOnce } from '../../mixins/messaging/idempotency';
import type { WriteOp } from '../../mixins/store/store.types';
import type { PaymentDoc, PaymentView, RefundDoc, RefundParams } from './payments.contract';
import { fromProviderError, illegalTransition, invalidField, refundExceeds } from './payments.errors';
import { failedCall, lostRace, missingPayment, RACE_ATTEMPTS, timed, type PaymentsThis } from './payments.methods';
import { refundedEventOp, statusChangeOps, toView, transactionOp, type Actor } from './payments.ops';
import { planRefund, refundedOf, statusForRefunded } from './payments.refunds.domain';

/** A burst of refunds of one payment: each lost race means another refund's hold went through first. */
const HOLD_ATTEMPTS = 40;
const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 5));

export type HeldRefund = RefundDoc & { refundedTotal: number };
export type Held = { row: HeldRefund; payment: PaymentDoc } | { answer: PaymentView };

/**
 * Refunds, whole or partial. The limit (refunds never exceed the captured amount) is one write:
 * the hold puts the refund row (its id is `orderId:refundKey`, so a key refunds once) and the
 * payment's new refunded total, conditioned on the payment's version, in one unit, before any money
 * moves. Then the provider is asked with the row's id as its key, and the row is settled with the
 * transaction and the `payment.refunded` event. A crash or a retryable provider error leaves the
 * hold pending: the same key finishes it. A refusal by the provider releases it.
 */
export const refundMethods = {
  async refundOrder(this: PaymentsThis, p: RefundParams, stepKey: string | undefined, who: Actor): Promise<PaymentView> {
    // "Everything" is naturally once per order; a partial refund needs the caller's key.
    const key = p.refundKey ?? stepKey ?? (p.amount ? undefined : 'full');
    if (!key) throw invalidField('refundKey', 'refundKey is required for a partial refund made outside a saga step');
    const id = `${p.orderId}:${key}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, fresh } = await runOnce<PaymentView>(this.store('payments'), `refund:${id}`, 'refund', async () => {
          const held = await this.holdRefund(id, key, p, who);
          if ('answer' in held) return { ops: [], result: held.answer };
          return { ops: await this.sendRefund(held.row, held.payment, who), result: toView(held.payment) };
        });
        if (fresh) this.publishSoon();
        return result;
      } catch (err) {
        // A twin call settled first: the next round answers its result.
        if (!lostRace(err) || attempt >= RACE_ATTEMPTS) throw err;
      }
    }
  },

  async holdRefund(this: PaymentsThis, id: string, key: string, p: RefundParams, who: Actor): Promise<Held> {
    const reason = p.reason ?? 'refund requested';
    for (let attempt = 1; attempt <= HOLD_ATTEMPTS; attempt++) {
      const [existing, payment] = await Promise.all([this.refunds().get(id), this.caughtUp(p.orderId, 'refund', who)]);
      if (!payment) throw missingPayment();
      // Our own hold from an earlier try (a crash, a timeout, a twin call): finished with the same provider key.
      if (existing) return { row: { refundedTotal: refundedOf(payment), ...existing }, payment };
      const currency = payment.currency ?? '';
      if (p.amount && p.amount.currency !== currency)
        throw invalidField('amount.currency', `The refund must be in ${currency}, the payment's currency`);
      const plan = planRefund(payment, p.amount?.amount);
      if (plan.kind === 'done') return { answer: toView(payment) };
      if (plan.kind === 'illegal') throw illegalTransition(payment.status, 'REFUNDED');
      if (plan.kind === 'exceeds') throw refundExceeds({ amount: plan.refundable, currency });
      const now = Date.now();
      const row: HeldRefund = {
        id,
        orderId: p.orderId,
        providerRef: payment.providerRef!,
        amount: plan.amount,
        currency,
        reason,
        origin: 'api',
        refundKey: key,
        state: 'pending',
        refundedTotal: plan.refundedTotal,
        createdAt: now,
      };
      const after: PaymentDoc = { ...payment, status: plan.status, refunded: plan.refundedTotal, updatedAt: now };
      try {
        // statusChangeOps conditions the payment's write on the version read above: the limit's one atomic step.
        await this.store('payments').atomic([
          { op: 'insert', collection: 'refunds', doc: row },
          ...statusChangeOps(payment, after, reason, who),
        ]);
        return { row, payment: after };
      } catch (err) {
        if (!lostRace(err)) throw err;
        await jitter();
      }
    }
    // Retryable and not a 409: a compensation takes a 409 refund for "nothing left to undo".
    throw new Errors.MoleculerRetryableError('Too many concurrent refunds of this payment; try again', 503, 'PAYMENT_BUSY');
  },

  /** Asks the provider for a held refund; answers the writes that settle it. */
  async sendRefund(this: PaymentsThis, row: HeldRefund, payment: PaymentDoc, who: Actor): Promise<WriteOp[]> {
    const { orderId, providerRef, currency } = row;
    const amount = { amount: row.amount, currency };
    const call = await timed(() =>
      this.paymentProvider.refund({ idempotencyKey: row.id, providerRef, reason: row.reason, amount }),
    );
    if (!call.ok) {
      await this.store('payments')
        .atomic([failedCall('refund', orderId, row.id, call, providerRef)])
        .catch(() => undefined);
      if (!call.error.retryable) await this.releaseRefund(row, who);
      throw fromProviderError(call.error);
    }
    const { refundRef } = call.value;
    return [
      {
        op: 'update',
        collection: 'refunds',
        id: row.id,
        where: { state: 'pending' },
        change: { $set: { state: 'done', ...(refundRef ? { refundRef } : {}) } },
      },
      transactionOp({
        orderId,
        kind: 'refund',
        idempotencyKey: row.id,
        outcome: 'approved',
        amount: row.amount,
        currency,
        providerRef,
        startedAt: call.startedAt,
        finishedAt: call.finishedAt,
      }),
      refundedEventOp(payment, row, Date.now()),
    ];
  },

  /** The provider refused a held refund: the hold goes, and the payment's total and status with it. */
  async releaseRefund(this: PaymentsThis, row: RefundDoc, who: Actor): Promise<void> {
    for (let attempt = 1; attempt <= HOLD_ATTEMPTS; attempt++) {
      const payment = await this.payments().get(row.orderId);
      if (!payment) return;
      const refunded = refundedOf(payment) - row.amount;
      const after: PaymentDoc = {
        ...payment,
        refunded,
        status: statusForRefunded(payment.amount ?? 0, refunded),
        updatedAt: Date.now(),
      };
      try {
        await this.store('payments').atomic([
          { op: 'remove', collection: 'refunds', id: row.id, where: { state: 'pending' } },
          ...statusChangeOps(payment, after, `refund of ${row.amount} ${row.currency} refused by the provider`, who),
        ]);
        return;
      } catch (err) {
        if (!lostRace(err)) throw err;
        if (!(await this.refunds().get(row.id))) return;
        await jitter();
      }
    }
    this.logger.error(`A refused refund hold ${row.id} could not be released; the payment's refunded total is too high`);
  },
};
