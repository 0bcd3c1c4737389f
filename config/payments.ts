import { ConfigError, envReader, type Env } from './env';

/**
 * The payments service's settings. Cluster mode refuses to start without a webhook secret; embedded
 * mode without one uses a secret generated for the installation (DATA_DIR/payment-webhook-secret),
 * never one published with the source (anyone could forge provider callbacks with it).
 */
export interface PaymentsConfig {
  provider: 'sandbox';
  /** Absent in embedded mode without PAYMENT_WEBHOOK_SECRET: the service makes one under DATA_DIR. */
  webhookSecret?: string;
  webhookToleranceS: number;
  /** How long the sandbox takes to answer for `tok_slow`. */
  sandboxSlowMs: number;
}

const MIN_SECRET = 32;

export function paymentsConfig(env: Env = process.env, mode: 'embedded' | 'cluster' = 'embedded'): PaymentsConfig {
  const e = envReader(env);
  const secret = e.optional('PAYMENT_WEBHOOK_SECRET');
  if (secret === undefined && mode === 'cluster')
    throw new ConfigError('PAYMENT_WEBHOOK_SECRET', 'set in cluster mode (the provider signs callbacks with it)', '');
  // The value itself is never echoed back.
  if (secret !== undefined && secret.length < MIN_SECRET)
    throw new ConfigError('PAYMENT_WEBHOOK_SECRET', `at least ${MIN_SECRET} characters`, '***');
  return {
    provider: e.oneOf('PAYMENT_PROVIDER', ['sandbox'] as const, 'sandbox'),
    ...(secret !== undefined ? { webhookSecret: secret } : {}),
    webhookToleranceS: e.int('PAYMENT_WEBHOOK_TOLERANCE_S', 300, 1, 3_600),
    sandboxSlowMs: e.int('SANDBOX_SLOW_MS', 3_000, 0, 600_000),
  };
}
