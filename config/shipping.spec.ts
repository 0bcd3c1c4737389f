import { requireShippingSecret, shippingConfig } from './shipping';

describe('shipping config', () => {
  it('has defaults for development: 15-minute quotes, a one-minute sandbox carrier, no built-in secret', () => {
    expect(shippingConfig({})).toEqual({
      quoteTtlMs: 900_000,
      sandboxStepMs: 60_000,
      sandboxTrackingUrl: 'https://track.sandbox-carrier.example/',
      charges: 'zones',
    });
  });

  it('reads the variables', () => {
    const secret = 's'.repeat(40);
    expect(
      shippingConfig({
        QUOTE_TTL_MS: '5000',
        SANDBOX_CARRIER_STEP_MS: '200',
        SANDBOX_CARRIER_WEBHOOK_URL: 'http://127.0.0.1:4000/api/shipping/webhooks/sandbox',
        SANDBOX_CARRIER_TRACKING_URL: 'https://track.example/t/',
        SHIPPING_WEBHOOK_SECRET: secret,
        SHIPPING_CHARGES: 'none',
      }),
    ).toEqual({
      quoteTtlMs: 5_000,
      sandboxStepMs: 200,
      sandboxWebhookUrl: 'http://127.0.0.1:4000/api/shipping/webhooks/sandbox',
      sandboxTrackingUrl: 'https://track.example/t/',
      webhookSecret: secret,
      charges: 'none',
    });
  });

  it.each([
    [{ QUOTE_TTL_MS: 'soon' }, /QUOTE_TTL_MS/],
    [{ QUOTE_TTL_MS: '10' }, /QUOTE_TTL_MS must be an integer from 1000/],
    [{ SANDBOX_CARRIER_STEP_MS: '-1' }, /SANDBOX_CARRIER_STEP_MS/],
    [{ SANDBOX_CARRIER_WEBHOOK_URL: 'ftp://x/y' }, /SANDBOX_CARRIER_WEBHOOK_URL/],
    [{ SANDBOX_CARRIER_TRACKING_URL: 'not a url' }, /SANDBOX_CARRIER_TRACKING_URL/],
    [{ SHIPPING_CHARGES: 'free' }, /SHIPPING_CHARGES must be zones or none/],
  ])('fails fast naming the variable: %j', (env, message) => {
    expect(() => shippingConfig(env)).toThrow(message);
  });

  it('refuses a short secret without echoing it, and wants one on shipping nodes in cluster mode', () => {
    expect(() => shippingConfig({ SHIPPING_WEBHOOK_SECRET: 'short-secret' })).toThrow(/SHIPPING_WEBHOOK_SECRET.*\*\*\*/);
    expect(() => shippingConfig({ SHIPPING_WEBHOOK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => requireShippingSecret(shippingConfig({}), 'cluster')).toThrow(/SHIPPING_WEBHOOK_SECRET must be set in cluster mode/);
    expect(requireShippingSecret(shippingConfig({}), 'embedded')).toBeUndefined();
    const secret = 'x'.repeat(32);
    expect(requireShippingSecret(shippingConfig({ SHIPPING_WEBHOOK_SECRET: secret }), 'cluster')).toBe(secret);
  });
});
