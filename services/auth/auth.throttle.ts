import type { AppConfig } from '../../config/config';
import { createWindowCounter } from '../../mixins/counters/counter.factory';
import type { WindowCounter } from '../../mixins/counters/window-counter';
import { decideAttempt, emailIpKey, emailKey, ipKey, type LoginLimits, type ThrottleDecision } from './auth.throttle.domain';

/** Mails (reset, verification) one address may be sent per window; more are dropped silently. */
export const MAILS_PER_WINDOW = 3;

/**
 * Password checks counted in fixed windows on the shared counter store (Redis in a cluster, so
 * every auth node sees the same counts): per email from one address and per address, each a hard
 * limit reserved before the check; per email from anywhere, a slowdown only (see decideAttempt).
 */
export class AuthThrottle {
  private readonly login: WindowCounter;
  private readonly mail: WindowCounter;
  private readonly windowMs: number;
  private readonly limits: LoginLimits;

  constructor(cfg: AppConfig) {
    this.login = createWindowCounter(cfg, 'login');
    this.mail = createWindowCounter(cfg, 'auth-mail');
    this.windowMs = cfg.security.loginThrottle.windowS * 1000;
    this.limits = cfg.security.loginThrottle;
  }

  /**
   * Takes one attempt from the email-from-this-address and the address budgets, each one atomic
   * increment (never a read then a write), and says whether the password may be checked and after
   * what wait. A blocked attempt keeps its increment: it was refused, not checked.
   */
  async reserve(email: string, ip: string | undefined, now = Date.now()): Promise<ThrottleDecision> {
    const [pair, byIp, failures] = await Promise.all([
      this.login.hit(emailIpKey(email, ip), this.windowMs),
      ip ? this.login.hit(ipKey(ip), this.windowMs) : Promise.resolve(null),
      this.login.peek(emailKey(email), this.windowMs),
    ]);
    return decideAttempt(pair, byIp, failures.count, this.limits, now);
  }

  /** A checked password was wrong: its reservation stays spent, and the email's slowdown grows. */
  async failed(email: string): Promise<void> {
    await this.login.hit(emailKey(email), this.windowMs);
  }

  /** A checked password was right: the reservation goes back, so the owner's own sign-ins never use up the budget. */
  async succeeded(email: string, ip: string | undefined): Promise<void> {
    await Promise.all([
      this.login.hit(emailIpKey(email, ip), this.windowMs, -1),
      ip ? this.login.hit(ipKey(ip), this.windowMs, -1) : null,
    ]);
  }

  /** The owner proved control of the mailbox (password reset): the email's counts start again. */
  async cleared(email: string, ip: string | undefined): Promise<void> {
    await Promise.all([this.login.reset(emailKey(email), this.windowMs), this.login.reset(emailIpKey(email, ip), this.windowMs)]);
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
