import { ConfigError, envReader, type Env } from './env';

/**
 * The shipping service's settings. The webhook secret signs the sandbox carrier's tracking
 * callbacks; embedded mode without one uses a secret generated for the installation (under
 * DATA_DIR, see mixins/local-secret.ts), never one published with the source. Cluster mode needs
 * it set (every shipping node sends and verifies with the same one): the shipping service refuses
 * to start without it (requireShippingSecret), other nodes never read it.
 */
export interface ShippingConfig {
  /** How long a stored quote holds (the price quoted is the price charged until then). */
  quoteTtlMs: number;
  /** The sandbox carrier's pace: one tracking state per step. */
  sandboxStepMs: number;
  /** Where the sandbox carrier posts its webhooks; absent: the gateway's own `/api/shipping/webhooks/sandbox` on PORT. */
  sandboxWebhookUrl?: string;
  /** Prefix of the sandbox carrier's public tracking page; the tracking number is appended. */
  sandboxTrackingUrl: string;
  webhookSecret?: string;
  /**
   * `zones` (default): checkout charges shipping by the shipping service's zones, and an outage of
   * that service refuses checkout (retryable), never lets it through free. `none`: a shop deployed
   * without the shipping service, which charges no shipping and never asks.
   */
  charges: 'zones' | 'none';
}

const MIN_SECRET = 32;
export const SANDBOX_TRACKING_URL = 'https://track.sandbox-carrier.example/';

export function shippingConfig(env: Env = process.env): ShippingConfig {
  const e = envReader(env);
  const secret = e.optional('SHIPPING_WEBHOOK_SECRET');
  // The value itself is never echoed back.
  if (secret !== undefined && secret.length < MIN_SECRET)
    throw new ConfigError('SHIPPING_WEBHOOK_SECRET', `at least ${MIN_SECRET} characters`, '***');
  const webhookUrl = e.url('SANDBOX_CARRIER_WEBHOOK_URL', ['http', 'https']);
  return {
    quoteTtlMs: e.int('QUOTE_TTL_MS', 900_000, 1_000, 7 * 86_400_000),
    sandboxStepMs: e.int('SANDBOX_CARRIER_STEP_MS', 60_000, 50, 86_400_000),
    ...(webhookUrl !== undefined ? { sandboxWebhookUrl: webhookUrl } : {}),
    sandboxTrackingUrl: e.url('SANDBOX_CARRIER_TRACKING_URL', ['http', 'https'], SANDBOX_TRACKING_URL)!,
    ...(secret !== undefined ? { webhookSecret: secret } : {}),
    charges: e.match('SHIPPING_CHARGES', /^(zones|none)$/, 'zones or none', 'zones') as ShippingConfig['charges'],
  };
}

/** The configured secret, or a ConfigError in cluster mode; embedded mode without one: undefined (use the local one). */
export function requireShippingSecret(cfg: ShippingConfig, mode: 'embedded' | 'cluster'): string | undefined {
  if (cfg.webhookSecret === undefined && mode === 'cluster')
    throw new ConfigError('SHIPPING_WEBHOOK_SECRET', 'set in cluster mode on shipping nodes (carrier webhooks are signed with it)', '');
  return cfg.webhookSecret;
}
