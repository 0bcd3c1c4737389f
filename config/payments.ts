import { ConfigError, envReader, type Env } from './env';

/**
 * The payments service's settings. Defaults suit development and tests; cluster mode refuses to
 * start on the development webhook secret (anyone could forge provider callbacks with it).
 */
export interface PaymentsConfig {
  provider: 'sandbox';
  webhookSecret: string;
  /** True when PAYMENT_WEBHOOK_SECRET is unset and the development secret is in use. */
  webhookSecretIsDefault: boolean;
  webhookToleranceS: number;
  /** How long the sandbox takes to answer for `tok_slow`. */
  sandboxSlowMs: number;
}

export const DEV_WEBHOOK_SECRET = 'whsec_sandbox_development_only_do_not_deploy';
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
    webhookSecret: secret ?? DEV_WEBHOOK_SECRET,
    webhookSecretIsDefault: secret === undefined,
    webhookToleranceS: e.int('PAYMENT_WEBHOOK_TOLERANCE_S', 300, 1, 3_600),
    sandboxSlowMs: e.int('SANDBOX_SLOW_MS', 3_000, 0, 600_000),
  };
}
