import { Errors } from 'moleculer';
import { config } from '../../config/config';
import { badSignature } from '../../mixins/webhooks/signature';
import { installedCarriers, type CarrierRegistry } from './carriers/carrier.registry';
import type { SandboxWebhookBody } from './carriers/sandbox.carrier';
import { invalid } from './shipping.errors';
import type { Ctx, ShippingActions, ShippingThis } from './shipping.methods';
import { webhookParams } from './shipping.params';
import { SHIPPING_RESPONSES as R } from './shipping.responses';
import { TrackingBook, type TrackingAnswer } from './shipping.tracking';

/** The carriers and the tracking book of one service instance (several brokers in one test process never share them). */
export interface WebhookMethods {
  carriers(): CarrierRegistry;
  tracking(): TrackingBook;
}
const partsOf = new WeakMap<ShippingThis, { carriers: CarrierRegistry; tracking: TrackingBook }>();
function parts(svc: ShippingThis) {
  let p = partsOf.get(svc);
  if (p) return p;
  p = {
    carriers: installedCarriers({ webhookSecret: svc.webhookSecret!, sandboxTrackingUrl: config().shipping.sandboxTrackingUrl }),
    tracking: new TrackingBook({
      store: svc.store('shipments'),
      published: () =>
        void svc.flushOutbox().catch((err: Error) => svc.logger.warn(`Outbox flush after tracking: ${err.message}`)),
    }),
  };
  partsOf.set(svc, p);
  return p;
}
export const webhookMethods: WebhookMethods & ThisType<ShippingThis> = {
  carriers(this: ShippingThis) {
    return parts(this).carriers;
  },
  tracking(this: ShippingThis) {
    return parts(this).tracking;
  },
};

type WebhookParams = SandboxWebhookBody & { carrier: string };
type WebhookMeta = { webhookSignature?: string };

const unknownCarrier = (carrier: string) =>
  new Errors.MoleculerClientError(`No carrier ${carrier} sends webhooks here`, 404, 'NOT_FOUND', { field: 'carrier' });
/** A body the carrier signed but we cannot read (a code it never documented): 422 naming the field. */
const unreadable = (field: string) => invalid('tracking webhook', [{ field, message: 'is not one the carrier documents' }]);

/**
 * `POST /api/shipping/webhooks/:carrier`: tracking reports from carriers (public; the signature
 * is the credential). The gateway passes `X-Sandbox-Signature` as `ctx.meta.webhookSignature`; the
 * signature covers the body as sent, which is the params without the path's `carrier` (nothing
 * here rewrites the body). Unknown carrier 404; bad or stale signature 400; unknown tracking
 * number 404; all of them change nothing. A replayed event id answers `duplicate: true`.
 */
export const webhookActions: ShippingActions = {
  trackingWebhook: {
    rest: 'POST /shipping/webhooks/:carrier',
    response: R.trackingWebhook,
    access: 'public',
    // A replay answers differently (`duplicate: true`), so the broker must not retry it as if it were a read.
    idempotent: false,
    params: webhookParams,
    handler(this: ShippingThis, ctx: Ctx<WebhookParams> & { meta: WebhookMeta }): Promise<TrackingAnswer> {
      const { carrier: id, ...body } = ctx.params;
      const carrier = this.carriers().get(id);
      if (!carrier) throw unknownCarrier(id);
      const parsed = carrier.parseWebhook({ body, signature: ctx.meta.webhookSignature, nowS: Math.floor(Date.now() / 1000) });
      if (!parsed.ok) throw parsed.field ? unreadable(parsed.field) : badSignature(parsed.reason === 'stale');
      return this.tracking().apply(id, body.id, parsed);
    },
  },
};
