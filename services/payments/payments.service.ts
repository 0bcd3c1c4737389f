import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { randomBytes } from 'node:crypto';
import { config } from '../../config/config';
import { localSecret } from '../../mixins/local-secret';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { paymentActions } from './payments.actions';
import { chargeMethods } from './payments.charges';
import { lateChargeMethods } from './payments.late';
import { coreMethods, type CoreMethods, type PaymentsBase, type PaymentsThis } from './payments.methods';
import { refundMethods } from './payments.refunds';
import { reportMethods } from './payments.reports';
import { paymentsSchema } from './payments.schema';
import { WEBHOOK_SECRET_FILE } from './payments.signature';
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
  methods: { ...coreMethods, ...chargeMethods, ...lateChargeMethods, ...refundMethods, ...reportMethods },
  created(this: PaymentsThis) {
    const cfg = config();
    this.paymentsCfg = cfg.payments;
    this.webhookSecret =
      cfg.payments.webhookSecret ??
      localSecret(cfg.dataDir, WEBHOOK_SECRET_FILE, () => `whsec_${randomBytes(32).toString('base64url')}`);
    this.paymentProvider = new SandboxProvider(this.store('payments'), this.paymentsCfg.sandboxSlowMs);
  },
};

export default PaymentsService;
