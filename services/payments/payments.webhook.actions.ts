import type { WebhookAnswer, WebhookEvent } from './payments.contract';
import { badSignature } from './payments.errors';
import type { PaymentsActions, PaymentsContext, PaymentsThis } from './payments.methods';
import { webhookParams } from './payments.params';
import { canonicalPayload, verifySignature } from './payments.signature';
import { PAYMENTS_RESPONSES } from './payments.responses';

/**
 * Provider callbacks. The gateway parses the JSON body and passes the `X-Sandbox-Signature`
 * header as `ctx.meta.webhookSignature`; the signature covers `JSON.stringify` of the parsed body
 * (see payments.signature.ts). A bad or stale signature answers 400 and changes nothing; an event
 * seen before answers 200 again without acting.
 */
export const webhookActions: PaymentsActions = {
  webhook: {
    rest: 'POST /webhooks/sandbox',
    response: PAYMENTS_RESPONSES.webhook,
    access: 'public',
    idempotent: false,
    params: webhookParams,
    handler(this: PaymentsThis, ctx: PaymentsContext<WebhookEvent>): Promise<WebhookAnswer> {
      const { webhookToleranceS } = this.paymentsCfg;
      const nowS = Math.floor(Date.now() / 1000);
      const check = verifySignature(
        this.webhookSecret,
        ctx.meta.webhookSignature,
        canonicalPayload(ctx.params),
        nowS,
        webhookToleranceS,
      );
      if (!check.ok) throw badSignature(check.reason === 'stale');
      return this.handleWebhook(ctx.params, { actor: 'provider:sandbox', requestId: ctx.requestID ?? undefined });
    },
  },
};
