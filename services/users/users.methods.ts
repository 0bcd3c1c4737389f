import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import { notFound } from '../../mixins/access/access.middleware';
import { UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, WriteOp } from '../../mixins/store/store.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { AccountSummary, Address, PaymentMethod, Profile, WishlistItem } from './users.contract';
import { newProfile, type FieldProblem } from './users.domain';
import { isOutage } from '../../mixins/outage';

export type UsersContext<P = unknown> = Context<P, CallerMeta & { $statusCode?: number }>;

export interface UsersMethods extends StoresMethods {
  profiles(): Collection<Profile>;
  addresses(): Collection<Address>;
  paymentMethods(): Collection<PaymentMethod>;
  wishlist(): Collection<WishlistItem>;
  ensureProfile(ctx: Context, userId: string): Promise<Profile>;
  mutateOwned<T>(ctx: Context, userId: string, build: (profile: Profile) => Promise<OwnedChange<T>>): Promise<T>;
  removeOwned<R extends { id: string }>(
    ctx: Context<unknown, { $statusCode?: number }>,
    userId: string,
    id: string,
    item: OwnedItem<R>,
  ): Promise<null>;
}

/** One kind of a user's owned rows, as removing one of them needs it. */
export interface OwnedItem<R> {
  collection: string;
  /** For the 404: "Address", "Payment method". */
  what: string;
  /** The user's rows of this kind, read afresh on every attempt. */
  rows(): Promise<R[]>;
  /** The writes that re-plan the defaults among the rows that remain. */
  replan(remaining: R[]): WriteOp[];
}

export type UsersThis = Service & UsersMethods;
export type UsersActions = NonNullable<ServiceSchema<ServiceSettingSchema, UsersMethods>['actions']>;

/** The writes one request makes to a user's owned rows, and what it answers once they commit. */
export interface OwnedChange<T> {
  ops: WriteOp[];
  result: T;
}

const MUTATE_ATTEMPTS = 5;

export const invalid = (problems: FieldProblem[]) => new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', problems);
export const limitReached = (what: string, max: number) =>
  new Errors.MoleculerClientError(`You can keep at most ${max} ${what}`, 409, 'LIMIT_REACHED', { max });

export const usersMethods = {
  profiles(this: UsersThis) {
    return this.store('users').collection<Profile>('profiles');
  },
  addresses(this: UsersThis) {
    return this.store('users').collection<Address>('addresses');
  },
  paymentMethods(this: UsersThis) {
    return this.store('users').collection<PaymentMethod>('payment_methods');
  },
  wishlist(this: UsersThis) {
    return this.store('users').collection<WishlistItem>('wishlist');
  },

  /**
   * The user's profile, created from their account when the `user.registered` event has not
   * arrived (events are fire-and-forget until the outbox moves to JetStream). Unknown account: 404.
   */
  async ensureProfile(this: UsersThis, ctx: Context, userId: string): Promise<Profile> {
    const existing = await this.profiles().get(userId);
    if (existing) return existing;
    let account: AccountSummary;
    try {
      account = await ctx.call<AccountSummary, { id: string }>('auth.getAccount', { id: userId });
    } catch (err) {
      if ((err as Errors.MoleculerError).code === 404 && !isOutage(err)) throw notFound('Profile');
      throw err;
    }
    try {
      return await this.profiles().insert(newProfile(account, Date.now()));
    } catch (err) {
      // The event (or a parallel request) created it between our read and our insert.
      if (!(err instanceof UniqueConflictError)) throw err;
      const winner = await this.profiles().get(userId);
      if (!winner) throw err;
      return winner;
    }
  },

  /**
   * Applies a change to the user's addresses, payment methods or wishlist as one atomic unit that
   * also bumps the profile against the version `build` planned from. Concurrent changes for one user
   * therefore serialize: the loser re-reads and re-plans, so defaults and limits hold under races.
   */
  async mutateOwned<T>(
    this: UsersThis,
    ctx: Context,
    userId: string,
    build: (profile: Profile) => Promise<OwnedChange<T>>,
  ): Promise<T> {
    for (let attempt = 1; attempt <= MUTATE_ATTEMPTS; attempt++) {
      const profile = await this.ensureProfile(ctx, userId);
      const { ops, result } = await build(profile);
      if (ops.length === 0) return result;
      const lock: WriteOp = {
        op: 'update',
        collection: 'profiles',
        id: userId,
        change: { $inc: { ownedRev: 1 } },
        expectVersion: profile.version,
      };
      try {
        await this.store('users').atomic([lock, ...ops]);
        return result;
      } catch (err) {
        const lost = err instanceof VersionConflictError && (err.data as { opIndex?: number }).opIndex === 0;
        if (!lost) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
    throw new Errors.MoleculerClientError('Too many concurrent changes; try again', 409, 'CONFLICT');
  },

  /** Removes one of the caller's rows (another user's id is a 404) and re-plans the defaults, in one unit; 204. */
  async removeOwned<R extends { id: string }>(
    this: UsersThis,
    ctx: Context<unknown, { $statusCode?: number }>,
    userId: string,
    id: string,
    item: OwnedItem<R>,
  ): Promise<null> {
    await this.mutateOwned(ctx, userId, async () => {
      const existing = await item.rows();
      if (!existing.some((r) => r.id === id)) throw notFound(item.what);
      const remove: WriteOp = { op: 'remove', collection: item.collection, id, where: { userId } };
      return { ops: [remove, ...item.replan(existing.filter((r) => r.id !== id))], result: null };
    });
    ctx.meta.$statusCode = 204;
    return null;
  },
};
