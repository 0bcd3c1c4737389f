import type { WriteOp } from '../../mixins/store/store.types';
import type { AuthorizeResult } from './payments.contract';
import { illegalTransition, voidedMeanwhile } from './payments.errors';
import { failedCall, timed, type PaymentsThis } from './payments.methods';
import { transactionOp } from './payments.ops';

/** What to do with a provider's answer that arrived after the payment had moved on without it. */
export const lateChargeMethods = {
  /**
   * Our charge landed after the payment moved on without it (typically: the saga gave up on a slow
   * answer and voided first). Unless the payment holds this very charge, release it at the provider.
   */
  async settleLateCharge(
    this: PaymentsThis,
    orderId: string,
    providerRef: string,
    providerKey: string,
  ): Promise<AuthorizeResult> {
    const current = await this.payments().get(orderId);
    if (current?.providerRef === providerRef) {
      if (current.status === 'AUTHORIZED') return { paymentId: orderId, status: 'authorized' };
      throw illegalTransition(current.status, 'AUTHORIZED');
    }
    const releaseKey = `${providerKey}:release`;
    const call = await timed(() => this.paymentProvider.void({ idempotencyKey: releaseKey, providerRef }));
    const ops: WriteOp[] = [
      call.ok
        ? transactionOp({
            orderId,
            kind: 'void',
            idempotencyKey: releaseKey,
            outcome: 'approved',
            providerRef,
            startedAt: call.startedAt,
            finishedAt: call.finishedAt,
          })
        : failedCall('void', orderId, releaseKey, call, providerRef),
    ];
    if (call.ok && current?.status === 'VOIDED' && !current.providerRef)
      ops.push({
        op: 'update',
        collection: 'payments',
        id: orderId,
        change: { $set: { providerRef } },
        expectVersion: current.version,
      });
    await this.store('payments')
      .atomic(ops)
      .catch((err: Error) => this.logger.warn(`Recording the release of a late charge for ${orderId}: ${err.message}`));
    if (!call.ok) this.logger.error(`A late authorization for order ${orderId} could not be released at the provider; reconcile`);
    throw voidedMeanwhile();
  },
};
