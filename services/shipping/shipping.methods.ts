import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { ShippingAdmin } from './shipping.admin';
import { Quoter } from './shipping.quotes';
import type { WebhookMethods } from './shipping.webhook.actions';

/**
 * What the shipping service's handlers see as `this`. Zones, methods and quotes are this file's
 * parts; the shipments and webhook parts add their own methods interfaces and objects beside these
 * (extend ShippingMethods, spread their methods object into shippingMethods' users in the service).
 */
export interface ShippingMethods extends StoresMethods, OutboxMethods, WebhookMethods {
  admin(): ShippingAdmin;
  quoter(): Quoter;
}
interface ShippingVars {
  parts?: { admin: ShippingAdmin; quoter: Quoter };
  /** The webhook secret (SHIPPING_WEBHOOK_SECRET, or the installation's own in embedded mode). */
  webhookSecret?: string;
}
export type ShippingThis = Service & ShippingMethods & ShippingVars;
export type ShippingActions = NonNullable<ServiceSchema<ServiceSettingSchema, ShippingMethods>['actions']>;
export type Ctx<P> = Context<
  P,
  CallerMeta & { $statusCode?: number; $responseType?: string; $responseHeaders?: Record<string, string> }
>;

/** Made once per instance over its stores (several brokers in one test process never share them). */
function parts(svc: ShippingThis) {
  if (svc.parts) return svc.parts;
  // The carriers are the webhook part's (shipping.webhook.actions.ts): one registry per instance.
  const admin = new ShippingAdmin(svc.store('shipping'), (id) => svc.carriers().get(id) !== undefined);
  svc.parts = { admin, quoter: new Quoter(svc.store('shipping'), admin, config().shipping.quoteTtlMs) };
  return svc.parts;
}

export const shippingMethods = {
  admin(this: ShippingThis) {
    return parts(this).admin;
  },
  quoter(this: ShippingThis) {
    return parts(this).quoter;
  },
};
