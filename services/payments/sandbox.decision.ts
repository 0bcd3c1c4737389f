import type { ProviderStatus } from './payments.provider';

/** The sandbox's test tokens, named as Stripe names its test cards. */
export const SANDBOX_TOKENS = {
  approve: 'tok_visa',
  decline: 'tok_chargeDeclined',
  providerError: 'tok_providerError',
  slow: 'tok_slow',
} as const;

/**
 * `slow` approves, but only after the configured delay (longer than a saga step's deadline);
 * `unknown` is declined, as a real provider declines a token it never issued.
 */
export type TokenDecision = 'approve' | 'decline' | 'error' | 'slow' | 'unknown';

/** The declined charge's reason as the provider reports it. */
export const declineCode = (decision: TokenDecision) => (decision === 'unknown' ? 'invalid_token' : 'card_declined');

/** Only the sandbox's own test tokens do anything but decline. */
export function decideByToken(token: string): TokenDecision {
  switch (token) {
    case SANDBOX_TOKENS.decline:
      return 'decline';
    case SANDBOX_TOKENS.providerError:
      return 'error';
    case SANDBOX_TOKENS.slow:
      return 'slow';
    case SANDBOX_TOKENS.approve:
      return 'approve';
    default:
      return 'unknown';
  }
}

export type ChargeOperation = 'capture' | 'void' | 'refund';

const STEPS: Record<ChargeOperation, { from: ProviderStatus; to: ProviderStatus }> = {
  capture: { from: 'authorized', to: 'captured' },
  void: { from: 'authorized', to: 'voided' },
  refund: { from: 'captured', to: 'refunded' },
};

export const targetOf = (op: ChargeOperation): ProviderStatus => STEPS[op].to;

/** The provider's own rule for an operation on a charge in `status`: apply it, it is already done, or refuse. */
export function chargeStep(status: ProviderStatus, op: ChargeOperation): 'apply' | 'done' | 'invalid' {
  if (status === STEPS[op].to) return 'done';
  return status === STEPS[op].from ? 'apply' : 'invalid';
}

/** What the sandbox does with a refund of `requested` (absent: all that is left) on a charge. */
export type RefundStep =
  | { kind: 'done' }
  | { kind: 'invalid'; why: string }
  | { kind: 'apply'; amount: number; refunded: number; status: 'partially_refunded' | 'refunded' };

export function refundStep(
  charge: { status: ProviderStatus; amount: number; refunded?: number },
  requested?: number,
): RefundStep {
  // A charge refunded whole (on the dashboard, say) answers a refund as done, as before partial refunds.
  if (charge.status === 'refunded') return { kind: 'done' };
  if (charge.status !== 'captured' && charge.status !== 'partially_refunded')
    return { kind: 'invalid', why: `cannot refund a charge that is ${charge.status}` };
  const left = charge.amount - (charge.refunded ?? 0);
  const amount = requested ?? left;
  if (amount < 1 || amount > left) return { kind: 'invalid', why: `cannot refund ${amount}: ${left} left` };
  const refunded = charge.amount - left + amount;
  return { kind: 'apply', amount, refunded, status: refunded === charge.amount ? 'refunded' : 'partially_refunded' };
}
