import { Errors } from 'moleculer';
import type { Money, PaymentStatus } from './payments.contract';
import { ProviderError } from './payments.provider';

/** A business answer: the saga must not retry it. */
export const declined = (code: string) =>
  new Errors.MoleculerClientError('The payment was declined', 402, 'PAYMENT_DECLINED', { code });

/** The provider failed (5xx, unreachable): the same call with the same key may succeed later. */
export const providerUnavailable = () =>
  new Errors.MoleculerRetryableError('The payment provider is unavailable; try again', 502, 'PAYMENT_PROVIDER_ERROR');

export const illegalTransition = (from: PaymentStatus | undefined, to: PaymentStatus) =>
  new Errors.MoleculerClientError(`A payment that is ${from ?? 'missing'} cannot become ${to}`, 409, 'ILLEGAL_TRANSITION', {
    from: from ?? null,
    to,
  });

export const amountMismatch = () =>
  new Errors.MoleculerClientError('This order already holds a payment for a different amount', 409, 'PAYMENT_MISMATCH');

export const voidedMeanwhile = () =>
  new Errors.MoleculerClientError('The payment for this order was voided; the authorization was released', 409, 'PAYMENT_VOIDED');

export { badSignature } from '../../mixins/webhooks/signature';

/** A provider's answer as our error: unavailability is retryable, anything else is the provider refusing the request. */
export function fromProviderError(err: unknown): Error {
  if (!(err instanceof ProviderError)) return err as Error;
  if (err.retryable) return providerUnavailable();
  return new Errors.MoleculerClientError('The payment provider refused the request', 409, 'PAYMENT_PROVIDER_REJECTED', {
    reason: err.failure,
  });
}

/** More than is left to refund: nothing changed; `refundable` is what may still be refunded. */
export const refundExceeds = (refundable: Money) =>
  new Errors.MoleculerClientError(
    `At most ${refundable.amount} ${refundable.currency} can still be refunded`,
    409,
    'REFUND_EXCEEDS_CAPTURED',
    { refundable },
  );

/** Bad input the params schema cannot see (it depends on the payment): 422 naming the field. */
export const invalidField = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message }]);
