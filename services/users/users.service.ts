import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { ConsumerMixin, type ConsumerSchema } from '../../mixins/messaging/consumer.mixin';
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
const UsersService: ServiceSchema<ServiceSettingSchema, UsersMethods> & ConsumerSchema<UsersThis> = {
  name: 'users',
  // The store first: Moleculer runs mixins' started hooks in order, so events arrive to a connected store.
  mixins: [StoresMixin({ users: usersSchema }), ConsumerMixin()],
  settings: { rest: '/me' },
  actions: { ...profileActions, ...addressActions, ...paymentActions, ...wishlistActions },
  // Durable (JetStream in cluster mode): a profile is created even if users was down at registration.
  eventConsumers: {
    'user.registered': {
      // One account's events in turn, accounts side by side.
      key: (envelope) => registeredData(envelope.data)?.id,
      async handler(this: UsersThis, envelope: EventEnvelope) {
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
  },
  methods: usersMethods,
};

export default UsersService;
