import { hash } from '@node-rs/argon2';
import type { ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { createSessionRevocations } from '../../mixins/access/session-revocations';
import { signingKeys } from '../../mixins/access/signing-keys';
import { OutboxMixin } from '../../mixins/messaging/outbox.mixin';
import { StoresMixin } from '../../mixins/stores.mixin';
import { adminActions } from './auth.admin.actions';
import { coreMethods, type AuthMethods, type AuthVars } from './auth.core';
import { generatePassword } from './auth.domain';
import { passwordActions } from './auth.password.actions';
import { authSchema } from './auth.schema';
import { sessionActions } from './auth.session.actions';
import { sessionMethods } from './auth.sessions';
import { AuthThrottle } from './auth.throttle';

/** Accounts, sessions (access + rotating refresh tokens), password reset, email verification, roles and the security audit log. */
const AuthService: ServiceSchema<ServiceSettingSchema, AuthMethods, AuthVars> = {
  name: 'auth',
  settings: { rest: '/auth' },
  mixins: [StoresMixin({ auth: authSchema }), OutboxMixin('auth')],
  actions: { ...sessionActions, ...passwordActions, ...adminActions },
  // The mixins supply store() and flushOutbox(); Moleculer merges them in before anything runs.
  methods: { ...coreMethods, ...sessionMethods },
  created() {
    this.signingKeys = signingKeys(config());
    this.throttle = new AuthThrottle(config());
    this.revocations = createSessionRevocations(config());
    this.background = new Set();
  },
  async started() {
    this.dummyHash = await hash(generatePassword());
    // In a cluster the first admin comes from ADMIN_PASSWORD; embedded mode's runner handles the rest.
    const { admin } = config();
    if (admin.password) await this.ensureAdmin(admin.email, admin.password);
  },
  async stopped() {
    await Promise.allSettled([...this.background]);
    await Promise.all([this.throttle.close(), this.revocations.close()]);
  },
};

export default AuthService;
