import type { Errors } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import type { AccessRule } from '../../mixins/access/access.types';
import type { Change } from '../../mixins/store/store.types';
import type { Preferences, Profile, ProfilePage, ProfileView, UserDetail } from './users.contract';
import { toAddressView, toPaymentMethodView, toProfileView } from './users.domain';
import { maskProfile, maskUserDetail, seesPlainPii } from './users.mask';
import { invalid, type UsersActions, type UsersContext, type UsersThis } from './users.methods';
import { idParam, pageParams, preferencesParams, profilePatchParams } from './users.params';
import { isOutage } from '../../mixins/outage';
import { USERS_RESPONSES } from './users.responses';

type ProfilePatch = { name?: string | null; phone?: string | null };
/** What the notifications service needs to reach a customer (internal `users.getPreferences`). */
export type ContactPreferences = Pick<Profile, 'email' | 'name'> & Pick<Preferences, 'channels' | 'language'>;
const staff: AccessRule = { roles: ['support', 'admin'] };

/** The caller's own profile and preferences, and the support/admin view of any user. */
export const profileActions: UsersActions = {
  me: {
    rest: 'GET /',
    response: USERS_RESPONSES.me,
    access: 'authenticated',
    idempotent: true,
    async handler(this: UsersThis, ctx: UsersContext): Promise<ProfileView> {
      return toProfileView(await this.ensureProfile(ctx, caller(ctx).id));
    },
  },

  updateMe: {
    rest: 'PATCH /',
    response: USERS_RESPONSES.updateMe,
    access: 'authenticated',
    idempotent: false,
    params: profilePatchParams,
    async handler(this: UsersThis, ctx: UsersContext<ProfilePatch>): Promise<ProfileView> {
      const { name, phone } = ctx.params;
      // Optional params let null through; a name can change but not vanish.
      if (name === null) throw invalid([{ field: 'name', message: 'name cannot be cleared' }]);
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      const change: Change = { $set: { updatedAt: Date.now() }, $unset: [] };
      if (name !== undefined) change.$set!.name = name;
      if (phone === null) change.$unset!.push('phone');
      else if (phone !== undefined) change.$set!.phone = phone;
      if (name === undefined && phone === undefined) return toProfileView(profile);
      const updated = await this.profiles().update(profile.id, change);
      if (!updated) throw notFound('Profile');
      return toProfileView(updated);
    },
  },

  preferences: {
    rest: 'GET /preferences',
    response: USERS_RESPONSES.preferences,
    access: 'authenticated',
    idempotent: true,
    async handler(this: UsersThis, ctx: UsersContext): Promise<Preferences> {
      return toProfileView(await this.ensureProfile(ctx, caller(ctx).id)).preferences;
    },
  },

  setPreferences: {
    rest: 'PUT /preferences',
    response: USERS_RESPONSES.setPreferences,
    access: 'authenticated',
    idempotent: false,
    params: preferencesParams,
    async handler(this: UsersThis, ctx: UsersContext<Preferences>): Promise<Preferences> {
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      const { channels, language, currency } = ctx.params;
      const preferences: Preferences = {
        channels: { email: channels.email, sms: channels.sms, push: channels.push },
        language,
        currency,
      };
      const updated = await this.profiles().update(profile.id, { $set: { preferences, updatedAt: Date.now() } });
      if (!updated) throw notFound('Profile');
      return toProfileView(updated).preferences;
    },
  },

  getPreferences: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { userId: idParam, $$strict: true },
    async handler(this: UsersThis, ctx: UsersContext<{ userId: string }>): Promise<ContactPreferences> {
      const { email, name, preferences } = toProfileView(await this.ensureProfile(ctx, ctx.params.userId));
      return { email, name, channels: { ...preferences.channels }, language: preferences.language };
    },
  },

  listUsers: {
    rest: { method: 'GET', path: '/', basePath: '/users' },
    response: USERS_RESPONSES.listUsers,
    access: staff,
    idempotent: true,
    params: { ...pageParams, $$strict: 'remove' },
    async handler(this: UsersThis, ctx: UsersContext<{ page: number; pageSize: number; search?: string }>): Promise<ProfilePage> {
      const { page, pageSize, search } = ctx.params;
      const text = search ? { text: search, fields: ['email', 'name'] } : undefined;
      const [rows, total] = await Promise.all([
        this.profiles().find({ search: text, sort: ['-createdAt'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.profiles().count({ search: text }),
      ]);
      const plain = seesPlainPii(caller(ctx).roles);
      return { rows: rows.map((r) => (plain ? toProfileView(r) : maskProfile(toProfileView(r)))), total, page, pageSize };
    },
  },

  getUser: {
    rest: { method: 'GET', path: '/:id', basePath: '/users' },
    response: USERS_RESPONSES.getUser,
    access: staff,
    idempotent: true,
    params: { id: idParam },
    async handler(this: UsersThis, ctx: UsersContext<{ id: string }>): Promise<UserDetail> {
      const profile: Profile = await this.ensureProfile(ctx, ctx.params.id).catch((err: Errors.MoleculerError) => {
        throw err.code === 404 && !isOutage(err) ? notFound('User') : err;
      });
      const [addresses, methods] = await Promise.all([
        this.addresses().find({ filter: { userId: profile.id }, sort: ['createdAt'] }),
        this.paymentMethods().find({ filter: { userId: profile.id }, sort: ['createdAt'] }),
      ]);
      const detail: UserDetail = {
        ...toProfileView(profile),
        addresses: addresses.map(toAddressView),
        paymentMethods: methods.map(toPaymentMethodView),
      };
      return seesPlainPii(caller(ctx).roles) ? detail : maskUserDetail(detail);
    },
  },
};
