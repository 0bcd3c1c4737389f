import type { Context } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { OrdersThis } from './orders.methods';
import { cancelSagaData, paymentReportStep, type PaymentReport, type RefundFacts } from './orders.payment-reports.domain';

export const PROVIDER_REFUND_REASON = 'refunded by the payment provider';

/**
 * Brings an order in line with a payment change it did not ask for (see paymentReportStep). Every
 * effect is idempotent: the cancel saga by its id, the refund by the event's id as its key, so a
 * redelivered event changes nothing more.
 */
async function onPaymentReport(this: OrdersThis, envelope: EventEnvelope, ctx: Context): Promise<void> {
  const orderId = (envelope?.data as { orderId?: unknown } | undefined)?.orderId;
  if (typeof orderId !== 'string' || typeof envelope.id !== 'string') {
    this.logger.warn(`Ignoring a malformed ${String(envelope?.event)} event ${String(envelope?.id)}`);
    return;
  }
  const order = await this.orders().get(orderId);
  if (!order) return;
  const step = paymentReportStep(envelope.event as PaymentReport, order.status, refundFacts(envelope));
  const meta = { user: SYSTEM_PRINCIPAL, idempotencyKey: `payment-report:${envelope.id}` };
  if (step === 'cancel') {
    const data = cancelSagaData(order, PROVIDER_REFUND_REASON);
    await ctx.call('sagas.start', { type: 'cancel-order', id: `cancel:${order.id}`, data }, { meta });
  } else if (step === 'refund') {
    await ctx.call('payments.refund', { orderId, reason: `captured after the order was ${order.status}` }, { meta });
  } else if (step === 'review') {
    this.logger.error(`Order ${orderId} is ${order.status} but the provider refunded its payment on its own: needs review`);
  }
}

/** Version 2 `payment.refunded` facts; anything else (version 1, other events) has none. */
function refundFacts(envelope: EventEnvelope): RefundFacts {
  const data = envelope.data as { full?: unknown; origin?: unknown } | undefined;
  return {
    ...(typeof data?.full === 'boolean' ? { full: data.full } : {}),
    ...(data?.origin === 'api' || data?.origin === 'provider' ? { origin: data.origin } : {}),
  };
}

const byOrder = (envelope: EventEnvelope) => (envelope.data as { orderId?: string } | undefined)?.orderId;

/** Durable consumers (JetStream in cluster mode): a report made while orders was down is still acted on. */
export const paymentReportConsumers = {
  'payment.refunded': { key: byOrder, handler: onPaymentReport },
  'payment.captured': { key: byOrder, handler: onPaymentReport },
};
