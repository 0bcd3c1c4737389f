import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { randomBytes } from 'node:crypto';
import { config } from '../../config/config';
import { requireShippingSecret } from '../../config/shipping';
import { localSecret } from '../../mixins/local-secret';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { PeriodicMixin } from '../../mixins/periodic.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './shipping.admin.actions';
import { shippingMethods, type ShippingMethods, type ShippingThis } from './shipping.methods';
import { quoteActions } from './shipping.quote.actions';
import { shipmentConsumers } from './shipping.consumer';
import { shipmentActions } from './shipping.shipments.actions';
import { returnShipmentActions } from './shipping.returns.actions';
import { webhookActions, webhookMethods } from './shipping.webhook.actions';
import { SandboxCarrierTask } from './carriers/sandbox.advance';
import { shipmentsSchema, shippingSchema } from './shipping.schema';

const WEBHOOK_SECRET_FILE = 'shipping-webhook-secret';
/** Quotes expired for a day are deleted this often (checkQuote reads expiresAt itself, so this is only housekeeping). */
const QUOTE_SWEEP_MS = 600_000;

/**
 * Shipping zones, methods and rate cards; quotes bound to a cart; shipments per warehouse with
 * labels and tracking from carriers (sandbox carrier's signed webhooks). Shipment events leave
 * through the `shipments` store's outbox.
 */
const ShippingService: ServiceSchema<ServiceSettingSchema, ShippingMethods> & ConsumerSchema<ShippingThis> = {
  name: 'shipping',
  // Routes name their whole path: /api/admin/shipping/…, /api/admin/shipments/…, /api/orders/:id/shipments, /api/shipping/webhooks/…
  settings: { rest: '/' },
  mixins: [
    StoresMixin({ shipping: shippingSchema, shipments: shipmentsSchema }),
    OutboxMixin('shipments'),
    // Every confirmed order must get its shipments: creating them asks orders and inventory, so an
    // outage of either must outlast the default 5 tries (~8 s). 40 tries back off to EVENT_RETRY_MAX_MS
    // (30 s by default): ~17 minutes, past the sagas' 10-minute budget, before a dead letter.
    ConsumerMixin({ maxAttempts: 40 }),
    PeriodicMixin<ShippingThis>('Expired quote sweep', {
      everyMs: () => QUOTE_SWEEP_MS,
      async run() {
        await this.ensureConnected('shipping');
        return this.quoter().purgeExpired();
      },
    }),
    // The sandbox carrier's advancing task: after the stores, so they are still open while its last pass ends.
    SandboxCarrierTask,
  ],
  actions: {
    ...adminActions,
    ...quoteActions,
    ...shipmentActions,
    ...returnShipmentActions,
    ...webhookActions,
  },
  // Durable: an order confirmed while no shipping node ran still gets its shipments (shipping.consumer.ts).
  eventConsumers: { ...shipmentConsumers },
  methods: {
    ...shippingMethods,
    ...webhookMethods,
  },
  created(this: ShippingThis) {
    const cfg = config();
    // A shipping node in cluster mode without SHIPPING_WEBHOOK_SECRET stops here, naming the variable.
    this.webhookSecret =
      requireShippingSecret(cfg.shipping, cfg.mode) ??
      localSecret(cfg.dataDir, WEBHOOK_SECRET_FILE, () => `shipsec_${randomBytes(32).toString('base64url')}`);
  },
};

export default ShippingService;
