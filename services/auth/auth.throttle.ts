import type { AppConfig } from '../../config/config';
import { createWindowCounter } from '../../mixins/counters/counter.factory';
import type { WindowCounter } from '../../mixins/counters/window-counter';
import { decideThrottle, emailKey, ipKey, type ThrottleDecision } from './auth.throttle.domain';

/** Mails (reset, verification) one address may be sent per window; more are dropped silently. */
export const MAILS_PER_WINDOW = 3;

/**
 * Login failures counted per email and per client address in fixed windows on the shared counter
 * store (Redis in a cluster), so every auth node sees the same counts.
 */
export class AuthThrottle {
  private readonly login: WindowCounter;
  private readonly mail: WindowCounter;
  private readonly windowMs: number;
  private readonly limits: { perEmail: number; perIp: number };

  constructor(cfg: AppConfig) {
    this.login = createWindowCounter(cfg, 'login');
    this.mail = createWindowCounter(cfg, 'auth-mail');
    this.windowMs = cfg.security.loginThrottle.windowS * 1000;
    this.limits = cfg.security.loginThrottle;
  }

  async check(email: string, ip: string | undefined, now = Date.now()): Promise<ThrottleDecision> {
    const [byEmail, byIp] = await Promise.all([
      this.login.peek(emailKey(email), this.windowMs),
      ip ? this.login.peek(ipKey(ip), this.windowMs) : Promise.resolve(null),
    ]);
    return decideThrottle(byEmail, byIp, this.limits, now);
  }

  async failed(email: string, ip: string | undefined): Promise<void> {
    await Promise.all([this.login.hit(emailKey(email), this.windowMs), ip ? this.login.hit(ipKey(ip), this.windowMs) : null]);
  }

  async succeeded(email: string): Promise<void> {
    await this.login.reset(emailKey(email), this.windowMs);
  }

  /** True while `key` (an email or account) may still be sent a mail in this window. */
  async mayMail(key: string): Promise<boolean> {
    const { count } = await this.mail.hit(emailKey(key), this.windowMs);
    return count <= MAILS_PER_WINDOW;
  }

  async close(): Promise<void> {
    await Promise.all([this.login.close(), this.mail.close()]);
  }
}
