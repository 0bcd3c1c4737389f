import type { Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { auditOp } from './auth.audit';
import type { AuthThis } from './auth.core';

/**
 * What a forgot-password request does after it has been answered: the answer (202, one text) goes
 * out before anything that depends on the address having an account, so neither its content nor
 * its timing tells. Per address at most MAILS_PER_WINDOW mails per window; an unknown or disabled
 * address gets an audit row and nothing else.
 */
export async function requestReset(svc: AuthThis, ctx: Context<unknown, CallerMeta>, email: string): Promise<void> {
  if (!(await svc.throttle.mayMail(`reset:${email}`))) {
    await svc.audit(ctx, 'password.reset-requested', { email, detail: { sent: false, throttled: true } });
    return;
  }
  const account = await svc.findAccountByEmail(email);
  if (!account || account.status !== 'active') {
    await svc.audit(ctx, 'password.reset-requested', { accountId: account?.id, email, detail: { sent: false } });
    return;
  }
  const now = Date.now();
  const reset = svc.oneTimeToken(account.id, 'reset', now);
  await svc.atomic([
    reset.op,
    auditOp(ctx, 'password.reset-requested', { accountId: account.id, email, detail: { sent: true } }, now),
  ]);
  await svc.sendMail(ctx, account.email, 'password-reset', reset.token);
}

/** Runs `work` after the answer; stopping the service waits for it, and a failure is logged without its details. */
export function afterAnswer(svc: AuthThis, what: string, work: Promise<void>): void {
  const done = work
    .catch((err: Error) => svc.logger.warn(`${what} failed after the answer: ${err.name}`))
    .finally(() => svc.background.delete(done));
  svc.background.add(done);
}
