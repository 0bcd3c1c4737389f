import { Errors, type Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { ConditionFailedError } from '../../mixins/store/store.errors';
import type { Filter, WriteOp } from '../../mixins/store/store.types';
import { auditOp } from './auth.audit';
import type { AuthThis } from './auth.core';
import type { Account, RefreshFamily, TokenPair } from './auth.contract';
import { decideRefresh, hashToken, looksLikeToken, lostRotationRace } from './auth.tokens.domain';

export interface SessionMethods {
  /** Rotates a refresh token: the presented one retires, its successor comes back with the account's current roles. */
  rotate(ctx: Context<unknown, CallerMeta>, refreshToken: string): Promise<TokenPair>;
  /** Ends one family; `ops` (its audit row) commit with the family's status. */
  revokeFamily(familyId: string, reason: string, ops?: WriteOp[]): Promise<void>;
  /** Ends every family of an account, or every one but `except` (the caller's own session). */
  revokeAccountSessions(accountId: string, reason: string, except?: string): Promise<number>;
  endAccessTokens(familyIds: string[]): Promise<void>;
  /**
   * Tells every gateway the account's current auth epoch, so access tokens issued before a role or
   * status change are refused from now on. Throws (503) when that cannot be told: the change is
   * saved, and repeating the request publishes again.
   */
  publishEpoch(account: Pick<Account, 'id' | 'authEpoch'>): Promise<void>;
}

const invalidRefresh = () => new Errors.MoleculerClientError('Refresh token is invalid or expired', 401, 'INVALID_REFRESH_TOKEN');

// Op order of the rotation unit: failures name the index, which tells a lost race from a revoked family.
const PRESENTED_OP = 0;

export const sessionMethods: SessionMethods & ThisType<AuthThis> = {
  async rotate(ctx, refreshToken) {
    if (!looksLikeToken(refreshToken)) throw invalidRefresh();
    const now = Date.now();
    const [row] = await this.refreshTokens().find({ filter: { tokenHash: hashToken(refreshToken) }, limit: 1 });
    const [family, account] = row
      ? await Promise.all([this.families().get(row.family), this.accounts().get(row.accountId)])
      : [null, null];
    const decision = decideRefresh(row ?? null, family, account?.status === 'active', now);
    const reused = async () => {
      const { family: id, accountId } = row!;
      await this.revokeFamily(id, 'reuse', [
        auditOp(ctx, 'refresh.reused', { accountId, email: account?.email, detail: { family: id } }),
      ]);
      this.logger.warn(`Refresh token reuse: family ${id} revoked`);
      return invalidRefresh();
    };
    if (decision.kind === 'reject') throw invalidRefresh();
    if (decision.kind === 'reuse') throw await reused();
    const next = this.nextToken(family as RefreshFamily, now);
    try {
      await this.atomic([
        {
          op: 'update',
          collection: 'refresh_tokens',
          id: row.id,
          change: { $set: { status: 'rotated', usedAt: now } },
          where: { status: 'active' },
        },
        {
          op: 'update',
          collection: 'refresh_families',
          id: row.family,
          change: { $set: { lastUsedAt: now } },
          where: { status: 'active' },
        },
        { op: 'insert', collection: 'refresh_tokens', doc: next.doc },
      ]);
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      // Another request rotated this very token a moment ago: the same token was presented twice.
      if (lostRotationRace((err.data as { opIndex?: number }).opIndex, PRESENTED_OP)) throw await reused();
      throw invalidRefresh();
    }
    return this.tokenPair(account!, row.family, next.refreshToken);
  },

  async revokeFamily(familyId, reason, ops = []) {
    const now = Date.now();
    const revoke: WriteOp = {
      op: 'update',
      collection: 'refresh_families',
      id: familyId,
      change: { $set: { status: 'revoked', revokedAt: now, revokedReason: reason } },
      where: { status: 'active' },
    };
    try {
      await this.atomic([revoke, ...ops]);
    } catch (err) {
      // Already ended (or expired): what it records still happened.
      if (!(err instanceof ConditionFailedError) || (err.data as { opIndex?: number }).opIndex !== 0) throw err;
      if (ops.length > 0) await this.atomic(ops);
    }
    // The family row is what refresh checks; marking its tokens too keeps the rows truthful.
    await this.refreshTokens().updateMany({ family: familyId, status: { $ne: 'revoked' } }, { $set: { status: 'revoked' } });
    await this.endAccessTokens([familyId]);
  },

  /** The gateway refuses access tokens of ended sessions from now on; the database stays the truth if this fails. */
  async endAccessTokens(familyIds) {
    await this.revocations
      .revoke(familyIds)
      .catch((err: Error) => this.logger.warn(`Could not publish ended sessions: ${err.message}`));
  },

  async publishEpoch(account) {
    if (!account.authEpoch) return;
    try {
      await this.revocations.raiseEpoch(account.id, account.authEpoch);
    } catch (err) {
      this.logger.warn(`Could not publish the auth epoch of an account: ${(err as Error).message}`);
      throw new Errors.MoleculerError('Saved, but not yet in force on every node; repeat the request', 503, 'NOT_PROPAGATED');
    }
  },

  async revokeAccountSessions(accountId, reason, except) {
    const now = Date.now();
    const families: Filter = { accountId, status: 'active', ...(except ? { id: { $ne: except } } : {}) };
    const tokens: Filter = { accountId, status: { $ne: 'revoked' }, ...(except ? { family: { $ne: except } } : {}) };
    const ids = (await this.families().find({ filter: families })).map((f) => f.id);
    const ended = await this.families().updateMany(families, {
      $set: { status: 'revoked', revokedAt: now, revokedReason: reason },
    });
    await this.refreshTokens().updateMany(tokens, { $set: { status: 'revoked' } });
    await this.endAccessTokens(ids);
    return ended;
  },
};
