import { paymentsConfig } from './payments';

describe('payments config', () => {
  it('has safe defaults for development and tests: no built-in webhook secret', () => {
    expect(paymentsConfig({})).toEqual({
      provider: 'sandbox',
      webhookToleranceS: 300,
      sandboxSlowMs: 3000,
    });
  });

  it('wants a webhook secret in cluster mode', () => {
    expect(() => paymentsConfig({}, 'cluster')).toThrow(/PAYMENT_WEBHOOK_SECRET/);
  });

  it('reads the variables and refuses a short secret without echoing it', () => {
    const secret = 's'.repeat(40);
    expect(paymentsConfig({ PAYMENT_WEBHOOK_SECRET: secret, SANDBOX_SLOW_MS: '50' })).toMatchObject({
      webhookSecret: secret,
      sandboxSlowMs: 50,
    });
    expect(() => paymentsConfig({ PAYMENT_WEBHOOK_SECRET: 'short-secret' })).toThrow(/PAYMENT_WEBHOOK_SECRET.*\*\*\*/);
    expect(() => paymentsConfig({ PAYMENT_WEBHOOK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => paymentsConfig({ SANDBOX_SLOW_MS: 'soon' })).toThrow(/SANDBOX_SLOW_MS/);
  });
});
