/**
 * Payments verify provider callbacks with the platform's one webhook signature scheme
 * (mixins/webhooks/signature.ts); only the embedded secret's file name is the service's own.
 */
export {
  canonicalPayload,
  DEFAULT_TOLERANCE_S,
  SIGNATURE_HEADER,
  signPayload,
  verifySignature,
  type SignatureCheck,
} from '../../mixins/webhooks/signature';

/** Embedded mode's webhook secret when PAYMENT_WEBHOOK_SECRET is unset: made on first start under DATA_DIR, never shipped. */
export const WEBHOOK_SECRET_FILE = 'payment-webhook-secret';
