import { DEV_WEBHOOK_SECRET, paymentsConfig } from './payments';

describe('payments config', () => {
  it('has safe defaults for development and tests', () => {
    expect(paymentsConfig({})).toEqual({
      provider: 'sandbox',
      webhookSecret: DEV_WEBHOOK_SECRET,
      webhookSecretIsDefault: true,
      webhookToleranceS: 300,
      sandboxSlowMs: 3000,
    });
  });

  it('reads the variables and refuses a short secret without echoing it', () => {
    const secret = 's'.repeat(40);
    expect(paymentsConfig({ PAYMENT_WEBHOOK_SECRET: secret, SANDBOX_SLOW_MS: '50' })).toMatchObject({
      webhookSecret: secret,
      webhookSecretIsDefault: false,
      sandboxSlowMs: 50,
    });
    expect(() => paymentsConfig({ PAYMENT_WEBHOOK_SECRET: 'short-secret' })).toThrow(/PAYMENT_WEBHOOK_SECRET.*\*\*\*/);
    expect(() => paymentsConfig({ PAYMENT_WEBHOOK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => paymentsConfig({ SANDBOX_SLOW_MS: 'soon' })).toThrow(/SANDBOX_SLOW_MS/);
  });
});
