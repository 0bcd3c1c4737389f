import type { Money } from './payments.contract';

/** A charge's state as the provider sees it. */
export type ProviderStatus = 'authorized' | 'captured' | 'partially_refunded' | 'voided' | 'refunded' | 'declined';

/**
 * Every call that changes state carries an idempotency key: the provider answers a repeated key
 * with its first answer and acts once, even when our side crashed before recording that answer.
 */
export interface AuthorizeRequest {
  idempotencyKey: string;
  amount: Money;
  token: string;
  orderId: string;
}

export type AuthorizeOutcome =
  { outcome: 'approved'; providerRef: string; status: 'authorized' } | { outcome: 'declined'; providerRef: string; code: string };

export interface ChargeRequest {
  idempotencyKey: string;
  providerRef: string;
  reason?: string;
  /** Refunds: how much to give back; absent, everything not yet refunded. */
  amount?: Money;
}

export interface ChargeOutcome {
  providerRef: string;
  status: ProviderStatus;
  /** The charge's amount; refunds: this refund's. */
  amount: Money;
  /** Refunds: the provider's id of the refund. */
  refundRef?: string;
}

/**
 * Why a provider call failed. `unavailable` (5xx, timeouts) is retryable with the same key; the
 * others are answers about the request and repeat on retry.
 */
export type ProviderFailure = 'unavailable' | 'invalid_state' | 'not_found' | 'key_reused';

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
  get retryable(): boolean {
    return this.failure === 'unavailable';
  }
}

export interface PaymentProvider {
  readonly name: string;
  authorize(req: AuthorizeRequest): Promise<AuthorizeOutcome>;
  capture(req: ChargeRequest): Promise<ChargeOutcome>;
  void(req: ChargeRequest): Promise<ChargeOutcome>;
  refund(req: ChargeRequest): Promise<ChargeOutcome>;
  /** The charge's current state; null when the provider has no such charge. */
  status(providerRef: string): Promise<ProviderStatus | null>;
}
