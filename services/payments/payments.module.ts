import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import { currencyParam } from '../../mixins/validation/money';
import { PAYMENT_STATUSES, type PaymentEventData, type PaymentRefundedData } from './payments.contract';
import { paymentsSchema } from './payments.schema';

const common = {
  orderId: id,
  userId: { ...id, optional: true },
  status: { type: 'enum', values: [...PAYMENT_STATUSES] },
  amount: { type: 'number', integer: true, min: 0, optional: true },
  currency: { ...currencyParam, optional: true },
  reason: { type: 'string', max: 500, optional: true },
};

/** Every payment event but `payment.refunded` carries the same payload. */
const payment = eventSpec<PaymentEventData>(1, common);

/** Version 2: one event per refund, partial ones included (see PaymentRefundedData). */
const refunded = eventSpec<PaymentRefundedData>(2, {
  ...common,
  amount: { type: 'number', integer: true, min: 1 },
  currency: currencyParam,
  refundedTotal: { type: 'number', integer: true, min: 1 },
  full: 'boolean',
  origin: { type: 'enum', values: ['api', 'provider'] },
});

export default defineService({
  name: 'payments',
  dir: __dirname,
  load: () => import('./payments.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: { payments: { schema: paymentsSchema, engine: 'postgres', audited: true } },
  events: {
    publishes: {
      'payment.authorized': payment,
      'payment.captured': payment,
      'payment.voided': payment,
      'payment.refunded': refunded,
      'payment.declined': payment,
    },
    consumes: [],
  },
});
