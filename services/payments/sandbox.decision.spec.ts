import { chargeStep, decideByToken, declineCode, SANDBOX_TOKENS, targetOf } from './sandbox.decision';

describe('sandbox decisions', () => {
  it('decides by token as Stripe names its test cards; any other token is unknown and declined', () => {
    expect(decideByToken(SANDBOX_TOKENS.approve)).toBe('approve');
    expect(decideByToken('tok_chargeDeclined')).toBe('decline');
    expect(decideByToken('tok_providerError')).toBe('error');
    expect(decideByToken('tok_slow')).toBe('slow');
    for (const token of ['tok_sandbox_4242abcd', 'TOK_VISA', 'tok_visa ', 'tok_forged', ''])
      expect(decideByToken(token)).toBe('unknown');
    expect([declineCode('decline'), declineCode('unknown')]).toEqual(['card_declined', 'invalid_token']);
  });

  it('applies each operation from one status only, and treats its own target as done', () => {
    expect(chargeStep('authorized', 'capture')).toBe('apply');
    expect(chargeStep('captured', 'capture')).toBe('done');
    expect(chargeStep('voided', 'capture')).toBe('invalid');
    expect(chargeStep('authorized', 'void')).toBe('apply');
    expect(chargeStep('captured', 'void')).toBe('invalid');
    expect(chargeStep('captured', 'refund')).toBe('apply');
    expect(chargeStep('authorized', 'refund')).toBe('invalid');
    expect(chargeStep('refunded', 'refund')).toBe('done');
    expect(chargeStep('declined', 'capture')).toBe('invalid');
    expect([targetOf('capture'), targetOf('void'), targetOf('refund')]).toEqual(['captured', 'voided', 'refunded']);
  });
});
