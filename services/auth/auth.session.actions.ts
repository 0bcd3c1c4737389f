import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Errors, type ActionSchema, type Context } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { recordEvent } from '../events.catalog';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import { auditOp } from './auth.audit';
import type { Account, PublicAccount, SignedIn, TokenPair } from './auth.contract';
import { invalidInput, type AuthThis } from './auth.core';
import { normalizeEmail, passwordProblem, toPublic } from './auth.domain';
import { emailParam, nameParam, passwordParam, tokenParam } from './auth.params';
import { familiesToEnd, hashToken, looksLikeToken } from './auth.tokens.domain';
import { AUTH_RESPONSES } from './auth.responses';

type Meta = CallerMeta & { $statusCode?: number };

const emailTaken = () => new Errors.MoleculerClientError('An account with this email already exists', 409, 'EMAIL_TAKEN');
// One answer for unknown email, wrong password and disabled account: nothing to learn from it.
const invalidCredentials = () => new Errors.MoleculerClientError('Email or password is incorrect', 401, 'INVALID_CREDENTIALS');

export const sessionActions: Record<string, ActionSchema<AuthThis>> = {
  register: {
    rest: 'POST /register',
    response: AUTH_RESPONSES.register,
    access: 'public',
    idempotent: false,
    params: { email: emailParam, password: passwordParam, name: nameParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ email: string; password: string; name: string }, Meta>): Promise<SignedIn> {
      const email = normalizeEmail(ctx.params.email);
      const { password, name } = ctx.params;
      const problem = passwordProblem(password, email);
      if (problem) throw invalidInput('password', problem);
      if (await this.findAccountByEmail(email)) throw emailTaken();
      const now = Date.now();
      const account: Account = {
        id: randomUUID(),
        email,
        name,
        passwordHash: await hash(password),
        roles: ['customer'],
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      const session = this.newSession(account.id, now);
      const verification = this.oneTimeToken(account.id, 'verify', now);
      const event = recordEvent('auth', 'user.registered', { id: account.id, email, name }, now);
      try {
        await this.atomic([
          { op: 'insert', collection: 'accounts', doc: account },
          ...session.ops,
          verification.op,
          auditOp(ctx, 'account.registered', { accountId: account.id, email, detail: { family: session.familyId } }, now),
          event.op,
        ]);
      } catch (err) {
        // Lost a race with another registration of the same address.
        if (err instanceof UniqueConflictError && (err.data as { opIndex?: number }).opIndex === 0) throw emailTaken();
        throw err;
      }
      await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after register: ${err.message}`));
      await this.sendMail(ctx, email, 'email-verification', verification.token);
      ctx.meta.$statusCode = 201;
      return { user: toPublic(account), ...(await this.tokenPair(account, session.familyId, session.refreshToken)) };
    },
  },

  login: {
    rest: 'POST /login',
    response: AUTH_RESPONSES.login,
    access: 'public',
    idempotent: false,
    params: { email: emailParam, password: passwordParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ email: string; password: string }, Meta>): Promise<SignedIn> {
      const email = normalizeEmail(ctx.params.email);
      const ip = ctx.meta.ip;
      const gate = await this.throttle.reserve(email, ip);
      if (gate.blocked) {
        await this.audit(ctx, 'login.throttled', { email, detail: { by: gate.by, retryAfter: gate.retryAfter } });
        throw new Errors.MoleculerClientError('Too many failed sign-ins, try again later', 429, 'RATE_LIMITED', {
          retryAfter: gate.retryAfter,
        });
      }
      if (gate.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, gate.delayMs));
      const account = await this.findAccountByEmail(email);
      const passwordOk = await verify(account?.passwordHash ?? this.dummyHash, ctx.params.password).catch(() => false);
      if (!account || !passwordOk || account.status !== 'active') {
        const reason = !account ? 'unknown-email' : !passwordOk ? 'wrong-password' : 'disabled';
        await this.throttle.failed(email);
        await this.audit(ctx, 'login.failed', { accountId: account?.id, email, detail: { reason } });
        throw invalidCredentials();
      }
      await this.throttle.succeeded(email, ip);
      const now = Date.now();
      const session = this.newSession(account.id, now);
      await this.atomic([
        ...session.ops,
        auditOp(ctx, 'login.succeeded', { accountId: account.id, email, detail: { family: session.familyId } }, now),
      ]);
      return { ...(await this.tokenPair(account, session.familyId, session.refreshToken)), user: toPublic(account) };
    },
  },

  refresh: {
    rest: 'POST /refresh',
    response: AUTH_RESPONSES.refresh,
    access: 'public',
    idempotent: false,
    params: { refreshToken: tokenParam, $$strict: true },
    handler(this: AuthThis, ctx: Context<{ refreshToken: string }, Meta>): Promise<TokenPair> {
      return this.rotate(ctx, ctx.params.refreshToken);
    },
  },

  logout: {
    rest: 'POST /logout',
    response: AUTH_RESPONSES.logout,
    access: 'authenticated',
    idempotent: false,
    params: { refreshToken: { ...tokenParam, optional: true }, allSessions: { type: 'boolean', optional: true }, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ refreshToken?: string; allSessions?: boolean }, Meta>): Promise<null> {
      const user = caller(ctx);
      const { refreshToken, allSessions } = ctx.params;
      const [presented] =
        refreshToken && looksLikeToken(refreshToken)
          ? await this.refreshTokens().find({ filter: { tokenHash: hashToken(refreshToken) }, limit: 1 })
          : [];
      const plan = familiesToEnd(user.id, user.sid, presented ?? null, allSessions === true);
      if (plan.all) {
        const ended = await this.revokeAccountSessions(user.id, 'logout');
        await this.audit(ctx, 'logout', { accountId: user.id, email: user.email, detail: { allSessions: true, ended } });
      } else {
        for (const family of plan.families) {
          await this.revokeFamily(family, 'logout', [
            auditOp(ctx, 'logout', { accountId: user.id, email: user.email, detail: { family } }),
          ]);
        }
      }
      ctx.meta.$statusCode = 204;
      return null;
    },
  },

  session: {
    rest: 'GET /session',
    response: AUTH_RESPONSES.session,
    access: 'authenticated',
    idempotent: true,
    params: { $$strict: true },
    async handler(this: AuthThis, ctx: Context<unknown, Meta>): Promise<PublicAccount> {
      const account = await this.accounts().get(caller(ctx).id);
      if (!account) throw notFound('Account');
      return toPublic(account);
    },
  },
};
