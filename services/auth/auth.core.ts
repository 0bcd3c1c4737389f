import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Errors, type Context, type Service } from 'moleculer';
import { config } from '../../config/config';
import type { SigningKey } from '../../config/security';
import { signAccessToken } from '../../mixins/access/access-token';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { AUDIT, auditEvent, type AuditFields, type AuditType } from './auth.audit';
import type {
  Account,
  AuditEvent,
  EnsureAdminResult,
  OneTimePurpose,
  OneTimeToken,
  RefreshFamily,
  RefreshTokenRow,
  TokenPair,
} from './auth.contract';
import { generatePassword, normalizeEmail, passwordProblem, toPublic } from './auth.domain';
import { deliverMail, mailLink, type MailTemplate } from './auth.mailer';
import type { SessionMethods } from './auth.sessions';
import type { AuthThrottle } from './auth.throttle';
import type { SessionRevocations } from '../../mixins/access/session-revocations';
import { generateOpaqueToken, hashToken, looksLikeToken } from './auth.tokens.domain';

export interface AuthVars {
  throttle: AuthThrottle;
  revocations: SessionRevocations;
  signingKeys: SigningKey[];
  /** A real argon2id hash of nothing anyone knows: unknown emails are verified against it so timing tells nothing. */
  dummyHash: string;
  /** Work still running after its request was answered (see afterAnswer); stopping waits for it. */
  background: Set<Promise<void>>;
}

/** What this file implements; the stores and outbox mixins bring the rest. */
export interface CoreMethods {
  accounts(): Collection<Account>;
  families(): Collection<RefreshFamily>;
  refreshTokens(): Collection<RefreshTokenRow>;
  oneTimeTokens(): Collection<OneTimeToken>;
  audits(): Collection<AuditEvent>;
  atomic(ops: WriteOp[]): Promise<void>;
  findAccountByEmail(email: string): Promise<Account | null>;
  /** A new family and its first refresh token, as writes for the caller's atomic unit. */
  newSession(accountId: string, now: number): { ops: WriteOp[]; familyId: string; refreshToken: string };
  /** A refresh token row succeeding another in the same family (same absolute expiry). */
  nextToken(family: RefreshFamily, now: number): { doc: RefreshTokenRow; refreshToken: string };
  tokenPair(account: Account, familyId: string, refreshToken: string): Promise<TokenPair>;
  oneTimeToken(accountId: string, purpose: OneTimePurpose, now: number): { op: WriteOp; token: string };
  /** The unused, unexpired token of that purpose, or null whatever the reason (one answer for all). */
  findOneTimeToken(token: string, purpose: OneTimePurpose): Promise<OneTimeToken | null>;
  audit(ctx: Context<unknown, CallerMeta>, type: AuditType, fields: AuditFields): Promise<void>;
  sendMail(ctx: Context, to: string, template: MailTemplate, token: string): Promise<void>;
  ensureAdmin(email: string, password?: string): Promise<EnsureAdminResult>;
}

export type AuthMethods = CoreMethods & SessionMethods & StoresMethods & OutboxMethods;
export type AuthThis = Service & AuthVars & AuthMethods;

export const invalidInput = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message: `${field} ${message}` }]);

export const coreMethods: CoreMethods & ThisType<AuthThis> = {
  accounts() {
    return this.store('auth').collection<Account>('accounts');
  },
  families() {
    return this.store('auth').collection<RefreshFamily>('refresh_families');
  },
  refreshTokens() {
    return this.store('auth').collection<RefreshTokenRow>('refresh_tokens');
  },
  oneTimeTokens() {
    return this.store('auth').collection<OneTimeToken>('one_time_tokens');
  },
  audits() {
    return this.store('auth').collection<AuditEvent>(AUDIT);
  },
  atomic(ops) {
    return this.store('auth').atomic(ops);
  },
  async findAccountByEmail(email) {
    const [account] = await this.accounts().find({ filter: { email: normalizeEmail(email) }, limit: 1 });
    return account ?? null;
  },
  newSession(accountId, now) {
    const family: RefreshFamily = {
      id: randomUUID(),
      accountId,
      status: 'active',
      createdAt: now,
      expiresAt: now + config().security.refreshTokenTtlS * 1000,
    };
    const { doc, refreshToken } = this.nextToken(family, now);
    return {
      ops: [
        { op: 'insert', collection: 'refresh_families', doc: family },
        { op: 'insert', collection: 'refresh_tokens', doc },
      ],
      familyId: family.id,
      refreshToken,
    };
  },
  nextToken(family, now) {
    const refreshToken = generateOpaqueToken();
    const doc: RefreshTokenRow = {
      id: randomUUID(),
      tokenHash: hashToken(refreshToken),
      family: family.id,
      accountId: family.accountId,
      status: 'active',
      createdAt: now,
      expiresAt: family.expiresAt,
    };
    return { doc, refreshToken };
  },
  async tokenPair(account, familyId, refreshToken) {
    const ttl = config().security.accessTokenTtlS;
    const accessToken = await signAccessToken(
      this.signingKeys,
      { userId: account.id, roles: account.roles, email: account.email, sid: familyId, epoch: account.authEpoch ?? 0 },
      ttl,
    );
    return { accessToken, refreshToken, expiresIn: ttl };
  },
  oneTimeToken(accountId, purpose, now) {
    const { resetTokenTtlS, verifyTokenTtlS } = config().security;
    const token = generateOpaqueToken();
    const doc: OneTimeToken = {
      id: randomUUID(),
      tokenHash: hashToken(token),
      purpose,
      accountId,
      createdAt: now,
      expiresAt: now + (purpose === 'reset' ? resetTokenTtlS : verifyTokenTtlS) * 1000,
    };
    return { op: { op: 'insert', collection: 'one_time_tokens', doc }, token };
  },
  async findOneTimeToken(token, purpose) {
    if (!looksLikeToken(token)) return null;
    const [row] = await this.oneTimeTokens().find({ filter: { tokenHash: hashToken(token), purpose }, limit: 1 });
    return row && row.usedAt == null ? row : null;
  },
  async audit(ctx, type, fields) {
    await this.audits().insert(auditEvent(ctx, type, fields));
  },
  async sendMail(ctx, to, template, token) {
    try {
      await deliverMail(
        { broker: this.broker, logger: this.logger, dataDir: config().dataDir },
        { to, template, token, link: mailLink(template, token) },
        ctx.requestID ?? undefined,
      );
    } catch (err) {
      // The caller's answer does not depend on delivery (no enumeration); the error must not carry the token.
      this.logger.warn(`mail ${template} could not be delivered: ${(err as Error).name}`);
    }
  },
  async ensureAdmin(rawEmail, password) {
    const email = normalizeEmail(rawEmail);
    const existing = await this.findAccountByEmail(email);
    if (existing) return { account: toPublic(existing), created: false };
    const secret = password ?? generatePassword();
    const problem = passwordProblem(secret, email);
    if (problem) throw invalidInput('password', problem);
    const now = Date.now();
    const account: Account = {
      id: randomUUID(),
      email,
      name: 'Administrator',
      passwordHash: await hash(secret),
      roles: ['admin'],
      status: 'active',
      // Whoever configures the first admin owns the address; there is no mail to click yet.
      emailVerifiedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const saved = await this.accounts().insert(account);
      return { account: toPublic(saved), created: true, generatedPassword: password ? undefined : secret };
    } catch (err) {
      if (!(err instanceof UniqueConflictError)) throw err;
      const winner = await this.findAccountByEmail(email);
      return { account: toPublic(winner!), created: false };
    }
  },
};
