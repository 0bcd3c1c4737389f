import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { paymentActions } from './payments.actions';
import { chargeMethods } from './payments.charges';
import { lateChargeMethods } from './payments.late';
import { coreMethods, type CoreMethods, type PaymentsBase, type PaymentsThis } from './payments.methods';
import { reportMethods } from './payments.reports';
import { paymentsSchema } from './payments.schema';
import { webhookActions } from './payments.webhook.actions';
import { SandboxProvider } from './sandbox.provider';

/**
 * Payments through a provider (the sandbox for now): authorize, capture, void and refund for the
 * checkout saga, idempotent per step key at our side and at the provider's; provider webhooks;
 * reconciliation against the provider. Routes: `/api/payments/...`.
 */
const PaymentsService: ServiceSchema<ServiceSettingSchema, CoreMethods, PaymentsBase> = {
  name: 'payments',
  mixins: [StoresMixin({ payments: paymentsSchema }), OutboxMixin('payments')],
  settings: { rest: '/payments' },
  actions: { ...paymentActions, ...webhookActions },
  methods: { ...coreMethods, ...chargeMethods, ...lateChargeMethods, ...reportMethods },
  created(this: PaymentsThis) {
    this.paymentsCfg = config().payments;
    this.paymentProvider = new SandboxProvider(this.store('payments'), this.paymentsCfg.sandboxSlowMs);
  },
  started(this: PaymentsThis) {
    if (this.paymentsCfg.webhookSecretIsDefault && config().mode === 'cluster')
      this.logger.warn('PAYMENT_WEBHOOK_SECRET is not set: webhooks are verified with the development secret');
  },
};

export default PaymentsService;
