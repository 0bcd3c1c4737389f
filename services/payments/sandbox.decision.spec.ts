import { chargeStep, decideByToken, SANDBOX_TOKENS, targetOf } from './sandbox.decision';

describe('sandbox decisions', () => {
  it('decides by token as Stripe names its test cards; any other token approves', () => {
    expect(decideByToken(SANDBOX_TOKENS.approve)).toBe('approve');
    expect(decideByToken('tok_chargeDeclined')).toBe('decline');
    expect(decideByToken('tok_providerError')).toBe('error');
    expect(decideByToken('tok_slow')).toBe('slow');
    expect(decideByToken('tok_sandbox_4242abcd')).toBe('approve');
    expect(decideByToken('TOK_CHARGEDECLINED')).toBe('approve');
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
