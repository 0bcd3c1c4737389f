import { runOnce } from '../../mixins/messaging/idempotency';
import type { AuthorizeParams, AuthorizeResult, PaymentDoc, PaymentStatus, PaymentView } from './payments.contract';
import { amountMismatch, declined, fromProviderError, illegalTransition } from './payments.errors';
import { failedCall, lostRace, missingPayment, RACE_ATTEMPTS, timed, type PaymentsThis } from './payments.methods';
import { statusChangeOps, toView, transactionOp, type Actor } from './payments.ops';
import type { AuthorizeOutcome } from './payments.provider';
import { verdict } from './payments.state';
import type { ChargeOperation } from './sandbox.decision';

type Planned = { status: 'AUTHORIZED' } | { status: 'DECLINED'; code: string };

const TARGET: Record<'capture' | 'void', PaymentStatus> = { capture: 'CAPTURED', void: 'VOIDED' };

/**
 * The calls the checkout saga makes. Each runs once per idempotency key (`sagaId:step`), and the
 * same key goes to the provider, so a retried step never charges twice; without a key the order
 * id keys the provider call. Every provider call leaves a transaction row; every status change an
 * audit row and an event, in the unit that changes the payment.
 */
export const chargeMethods = {
  async authorizeOrder(this: PaymentsThis, p: AuthorizeParams, key: string | undefined, who: Actor): Promise<AuthorizeResult> {
    const store = this.store('payments');
    const providerKey = key ?? `order:${p.orderId}:authorize`;
    let held: string | undefined;
    try {
      const { result, fresh } = await runOnce<Planned>(store, key, 'authorize', async () => {
        const before = await this.payments().get(p.orderId);
        const v = verdict(before?.status, 'AUTHORIZED');
        if (v === 'illegal') throw illegalTransition(before!.status, 'AUTHORIZED');
        if (v === 'done') {
          if (before!.amount !== p.amount.amount || before!.currency !== p.amount.currency) throw amountMismatch();
          return { ops: [], result: { status: 'AUTHORIZED' } };
        }
        const request = { idempotencyKey: providerKey, amount: p.amount, token: p.token, orderId: p.orderId };
        const call = await timed(() => this.paymentProvider.authorize(request));
        const now = Date.now();
        const base = {
          id: p.orderId,
          userId: p.userId,
          amount: p.amount.amount,
          currency: p.amount.currency,
          createdAt: before?.createdAt ?? now,
          updatedAt: now,
        };
        if (!call.ok) {
          const ops = [failedCall('authorize', p.orderId, providerKey, call)];
          if (call.error.retryable)
            ops.unshift(...statusChangeOps(before, { ...base, status: 'FAILED' }, 'provider unavailable', who));
          // Best effort: the record of a failure must not hide the failure itself.
          await store.atomic(ops).catch(() => store.atomic(ops.slice(-1)).catch(() => undefined));
          throw fromProviderError(call.error);
        }
        const outcome: AuthorizeOutcome = call.value;
        const approved = outcome.outcome === 'approved';
        if (approved) held = outcome.providerRef;
        const after: PaymentDoc = {
          ...base,
          status: approved ? 'AUTHORIZED' : 'DECLINED',
          providerRef: outcome.providerRef,
          ...(approved ? {} : { declineCode: outcome.code }),
        };
        const ops = [
          ...statusChangeOps(before, after, approved ? 'authorized' : `declined: ${outcome.code}`, who),
          transactionOp({
            orderId: p.orderId,
            kind: 'authorize',
            idempotencyKey: providerKey,
            outcome: approved ? 'approved' : 'declined',
            amount: p.amount.amount,
            currency: p.amount.currency,
            providerRef: outcome.providerRef,
            ...(approved ? {} : { code: outcome.code }),
            startedAt: call.startedAt,
            finishedAt: call.finishedAt,
          }),
        ];
        return { ops, result: approved ? { status: 'AUTHORIZED' } : { status: 'DECLINED', code: outcome.code } };
      });
      if (fresh) this.publishSoon();
      if (result.status === 'DECLINED') throw declined(result.code);
      return { paymentId: p.orderId, status: 'authorized' };
    } catch (err) {
      if (held && lostRace(err)) return this.settleLateCharge(p.orderId, held, providerKey);
      throw err;
    }
  },

  /**
   * The payment as the provider knows it, for undoing operations. A process that died between the
   * provider's capture and our write leaves us believing AUTHORIZED while the money was taken: a
   * refund then would be refused and a void fail, leaving a customer charged for a cancelled order.
   * So before a refund or void of an AUTHORIZED payment we ask the provider and record a capture
   * we missed (with its audit row and event) first.
   */
  async caughtUp(this: PaymentsThis, orderId: string, op: ChargeOperation, who: Actor): Promise<PaymentDoc | null> {
    const before = await this.payments().get(orderId);
    if (!before?.providerRef || before.status !== 'AUTHORIZED' || op === 'capture') return before;
    if ((await this.paymentProvider.status(before.providerRef)) !== 'captured') return before;
    const after: PaymentDoc = { ...before, status: 'CAPTURED', updatedAt: Date.now() };
    await this.store('payments').atomic(
      statusChangeOps(before, after, 'capture found at the provider (our record was missing it)', who),
    );
    return this.payments().get(orderId);
  },

  async changeStatus(
    this: PaymentsThis,
    orderId: string,
    op: 'capture' | 'void',
    key: string | undefined,
    who: Actor,
    reason = `${op} requested`,
  ): Promise<PaymentView> {
    const target = TARGET[op];
    const providerKey = key ?? `order:${orderId}:${op}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, fresh } = await runOnce<PaymentView>(this.store('payments'), key, op, async () => {
          const before = await this.caughtUp(orderId, op, who);
          if (!before && op !== 'void') throw missingPayment();
          const v = verdict(before?.status, target);
          // A declined payment holds nothing, so a compensating void has nothing to release: it answers, unchanged.
          if (v === 'done' || (op === 'void' && before?.status === 'DECLINED')) return { ops: [], result: toView(before!) };
          if (v === 'illegal') throw illegalTransition(before!.status, target);
          if (!before?.providerRef) {
            // Nothing was authorized: the tombstone makes a late authorization release itself.
            const { ops, after } = this.markWithoutProvider(before, orderId, `${reason} (nothing authorized)`, who);
            return { ops, result: toView(after) };
          }
          const providerRef = before.providerRef;
          const call = await timed(() => this.paymentProvider[op]({ idempotencyKey: providerKey, providerRef, reason }));
          if (!call.ok) {
            await this.store('payments')
              .atomic([failedCall(op, orderId, providerKey, call, providerRef)])
              .catch(() => undefined);
            throw fromProviderError(call.error);
          }
          const now = Date.now();
          const after: PaymentDoc = { ...before, status: target, updatedAt: now };
          const { amount } = call.value;
          const ops = [
            ...statusChangeOps(before, after, reason, who),
            transactionOp({
              orderId,
              kind: op,
              idempotencyKey: providerKey,
              outcome: 'approved',
              amount: amount.amount,
              currency: amount.currency,
              providerRef,
              startedAt: call.startedAt,
              finishedAt: call.finishedAt,
            }),
          ];
          return { ops, result: toView(after) };
        });
        if (fresh) this.publishSoon();
        return result;
      } catch (err) {
        if (!lostRace(err) || attempt >= RACE_ATTEMPTS) throw err;
      }
    }
  },
};
