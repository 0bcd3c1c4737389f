import type { Context, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { applyOnce } from '../../mixins/messaging/inbox';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import { StoresMixin } from '../../mixins/stores.mixin';
import { addressActions } from './users.addresses.actions';
import { newProfile, registeredData } from './users.domain';
import { usersMethods, type UsersMethods, type UsersThis } from './users.methods';
import { paymentActions } from './users.payments.actions';
import { profileActions } from './users.profile.actions';
import { usersSchema } from './users.schema';
import { wishlistActions } from './users.wishlist.actions';

/**
 * Profiles, address books, saved payment methods and wishlists, under `/api/me/...` for their owner
 * and `/api/users/...` for support. A profile is keyed by the auth account id.
 */
const UsersService: ServiceSchema<ServiceSettingSchema, UsersMethods> = {
  name: 'users',
  mixins: [StoresMixin({ users: usersSchema })],
  settings: { rest: '/me' },
  actions: { ...profileActions, ...addressActions, ...paymentActions, ...wishlistActions },
  events: {
    async 'user.registered'(this: UsersThis, ctx: Context<EventEnvelope>) {
      const envelope = ctx.params;
      const account = registeredData(envelope?.data);
      if (!account || typeof envelope.id !== 'string') {
        this.logger.warn(`Ignoring a malformed user.registered event ${String(envelope?.id)}`);
        return;
      }
      const store = this.store('users');
      try {
        await applyOnce(store, envelope, [{ op: 'insert', collection: 'profiles', doc: newProfile(account, Date.now()) }]);
      } catch (err) {
        if (!(err instanceof UniqueConflictError)) throw err;
        // A request created the profile lazily first; remember the event all the same.
        await applyOnce(store, envelope, []);
      }
    },
  },
  methods: usersMethods,
};

export default UsersService;
