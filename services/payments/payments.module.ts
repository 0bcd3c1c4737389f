import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import { currencyParam } from '../../mixins/validation/money';
import type { PaymentEventData } from './payments.contract';
import { paymentsSchema } from './payments.schema';

/** Every payment event carries the same payload. */
const payment = eventSpec<PaymentEventData>(1, {
  orderId: id,
  userId: { ...id, optional: true },
  status: { type: 'enum', values: ['AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'DECLINED', 'FAILED'] },
  amount: { type: 'number', integer: true, min: 0, optional: true },
  currency: { ...currencyParam, optional: true },
  reason: { type: 'string', max: 500, optional: true },
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
      'payment.refunded': payment,
      'payment.declined': payment,
    },
    consumes: [],
  },
});
