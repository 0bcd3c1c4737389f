import { hash, verify } from '@node-rs/argon2';
import { Errors, type ActionSchema, type Context } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { recordEvent } from '../events.catalog';
import { ConditionFailedError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import { auditOp } from './auth.audit';
import { afterAnswer, requestReset } from './auth.reset-request';
import type { UserEmailVerified } from './auth.contract';
import { invalidInput, type AuthThis } from './auth.core';
import { normalizeEmail, passwordProblem } from './auth.domain';
import { emailParam, passwordParam, tokenParam } from './auth.params';
import { AUTH_RESPONSES } from './auth.responses';

type Meta = CallerMeta & { $statusCode?: number };
type Accepted = { message: string };

// Expired, used, unknown or for another purpose: one message, so a token's history is not for sale.
const invalidToken = () => new Errors.MoleculerClientError('This link is invalid or has expired', 400, 'INVALID_TOKEN');
const consumed = (err: unknown) => err instanceof ConditionFailedError && (err.data as { opIndex?: number }).opIndex === 0;

/** The first op of a unit: marks the token used only if nobody used it first. */
const consumeOp = (id: string, now: number): WriteOp => ({
  op: 'update',
  collection: 'one_time_tokens',
  id,
  change: { $set: { usedAt: now } },
  where: { usedAt: { $exists: false } },
});

function accepted(ctx: Context<unknown, Meta>, message: string): Accepted {
  ctx.meta.$statusCode = 202;
  return { message };
}

export const passwordActions: Record<string, ActionSchema<AuthThis>> = {
  forgotPassword: {
    rest: 'POST /password/forgot',
    response: AUTH_RESPONSES.forgotPassword,
    access: 'public',
    idempotent: false,
    params: { email: emailParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ email: string }, Meta>): Promise<Accepted> {
      const answer = accepted(ctx, 'If an account uses this address, a reset link is on its way');
      afterAnswer(this, 'password reset request', requestReset(this, ctx, normalizeEmail(ctx.params.email)));
      return answer;
    },
  },

  resetPassword: {
    rest: 'POST /password/reset',
    response: AUTH_RESPONSES.resetPassword,
    access: 'public',
    idempotent: false,
    params: { token: tokenParam, password: passwordParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ token: string; password: string }, Meta>): Promise<null> {
      const row = await this.findOneTimeToken(ctx.params.token, 'reset');
      const account = row && (await this.accounts().get(row.accountId));
      if (!row || !account) throw invalidToken();
      const problem = passwordProblem(ctx.params.password, account.email);
      if (problem) throw invalidInput('password', problem);
      const now = Date.now();
      try {
        await this.atomic([
          consumeOp(row.id, now),
          {
            op: 'update',
            collection: 'accounts',
            id: account.id,
            change: { $set: { passwordHash: await hash(ctx.params.password), updatedAt: now }, $inc: { authEpoch: 1 } },
          },
          auditOp(ctx, 'password.reset', { accountId: account.id, email: account.email }, now),
        ]);
      } catch (err) {
        if (consumed(err)) throw invalidToken();
        throw err;
      }
      // Whoever held the old password (or a stolen session) is signed out everywhere.
      await this.revokeAccountSessions(account.id, 'password-reset');
      // Also ends a token signed by a sign-in with the old password that raced the reset (sessions above may miss it).
      await this.publishEpoch((await this.accounts().get(account.id)) ?? account).catch(() => undefined);
      await this.throttle.cleared(account.email, ctx.meta.ip);
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  changePassword: {
    rest: 'POST /password/change',
    response: AUTH_RESPONSES.changePassword,
    access: 'authenticated',
    idempotent: false,
    params: { currentPassword: passwordParam, newPassword: passwordParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ currentPassword: string; newPassword: string }, Meta>): Promise<null> {
      const user = caller(ctx);
      const account = await this.accounts().get(user.id);
      if (!account) throw notFound('Account');
      // A stolen access token must not become a way to guess the password: same throttle as sign-in.
      const gate = await this.throttle.reserve(account.email, ctx.meta.ip);
      if (gate.blocked)
        throw new Errors.MoleculerClientError('Too many failed attempts, try again later', 429, 'RATE_LIMITED', {
          retryAfter: gate.retryAfter,
        });
      if (!(await verify(account.passwordHash, ctx.params.currentPassword).catch(() => false))) {
        await this.throttle.failed(account.email);
        await this.audit(ctx, 'password.change-failed', { accountId: account.id, email: account.email });
        throw new Errors.MoleculerClientError('Current password is incorrect', 403, 'INVALID_CREDENTIALS');
      }
      await this.throttle.succeeded(account.email, ctx.meta.ip);
      const { newPassword } = ctx.params;
      const problem =
        newPassword === ctx.params.currentPassword
          ? 'must differ from the current password'
          : passwordProblem(newPassword, account.email);
      if (problem) throw invalidInput('newPassword', problem);
      const now = Date.now();
      await this.atomic([
        {
          op: 'update',
          collection: 'accounts',
          id: account.id,
          change: { $set: { passwordHash: await hash(newPassword), updatedAt: now } },
          expectVersion: account.version,
        },
        auditOp(ctx, 'password.changed', { accountId: account.id, email: account.email }, now),
      ]);
      await this.revokeAccountSessions(account.id, 'password-changed', user.sid);
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  verifyEmail: {
    rest: 'POST /email/verify',
    response: AUTH_RESPONSES.verifyEmail,
    access: 'public',
    idempotent: false,
    params: { token: tokenParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ token: string }, Meta>): Promise<null> {
      const row = await this.findOneTimeToken(ctx.params.token, 'verify');
      const account = row && (await this.accounts().get(row.accountId));
      if (!row || !account) throw invalidToken();
      const now = Date.now();
      const ops: WriteOp[] = [consumeOp(row.id, now)];
      if (account.emailVerifiedAt == null) {
        const data: UserEmailVerified = { id: account.id, email: account.email };
        ops.push(
          { op: 'update', collection: 'accounts', id: account.id, change: { $set: { emailVerifiedAt: now, updatedAt: now } } },
          auditOp(ctx, 'email.verified', { accountId: account.id, email: account.email }, now),
          recordEvent('auth', 'user.email-verified', data, now).op,
        );
      }
      try {
        await this.atomic(ops);
      } catch (err) {
        if (consumed(err)) throw invalidToken();
        throw err;
      }
      if (ops.length > 1)
        await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after verify: ${err.message}`));
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  resendVerification: {
    rest: 'POST /email/verify/resend',
    response: AUTH_RESPONSES.resendVerification,
    access: 'authenticated',
    idempotent: false,
    params: { $$strict: true },
    async handler(this: AuthThis, ctx: Context<unknown, Meta>): Promise<Accepted> {
      const account = await this.accounts().get(caller(ctx).id);
      if (!account) throw notFound('Account');
      const answer = accepted(
        ctx,
        account.emailVerifiedAt == null ? 'A verification link is on its way' : 'The email address is already verified',
      );
      if (account.emailVerifiedAt != null || !(await this.throttle.mayMail(`verify:${account.id}`))) return answer;
      const now = Date.now();
      const verification = this.oneTimeToken(account.id, 'verify', now);
      await this.atomic([
        verification.op,
        auditOp(ctx, 'email.verification-sent', { accountId: account.id, email: account.email }, now),
      ]);
      await this.sendMail(ctx, account.email, 'email-verification', verification.token);
      return answer;
    },
  },
};
