import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Errors, type Context, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { StoresMixin, type StoresMethods } from '../../mixins/stores.mixin';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import type { Account, EnsureAdminResult } from './auth.contract';
import { generatePassword, normalizeEmail, passwordProblem, toPublic } from './auth.domain';
import { authSchema } from './auth.schema';

interface AuthMethods extends StoresMethods {
  accounts(): Collection<Account>;
  ensureAdmin(email: string, password?: string): Promise<EnsureAdminResult>;
}

const AuthService: ServiceSchema<ServiceSettingSchema, AuthMethods> = {
  name: 'auth',
  mixins: [StoresMixin({ auth: authSchema })],
  actions: {
    /** Creates the first admin unless an account with that email exists. Idempotent. */
    ensureAdmin: {
      visibility: 'public',
      access: 'internal',
      params: { email: { type: 'email', max: 254 }, password: { type: 'string', optional: true, max: 128 }, $$strict: true },
      handler(ctx: Context<{ email: string; password?: string }>): Promise<EnsureAdminResult> {
        return this.ensureAdmin(ctx.params.email, ctx.params.password);
      },
    },
  },
  methods: {
    accounts(): Collection<Account> {
      return this.store('auth').collection<Account>('accounts');
    },
    async ensureAdmin(rawEmail: string, password?: string): Promise<EnsureAdminResult> {
      const email = normalizeEmail(rawEmail);
      const [existing] = await this.accounts().find({ filter: { email }, limit: 1 });
      if (existing) return { account: toPublic(existing), created: false };
      const secret = password ?? generatePassword();
      const problem = passwordProblem(secret, email);
      if (problem) throw new Errors.ValidationError('Invalid admin password', 'VALIDATION_ERROR', [{ field: 'password', message: `password ${problem}` }]);
      const now = Date.now();
      const account: Account = {
        id: randomUUID(),
        email,
        name: 'Administrator',
        passwordHash: await hash(secret),
        roles: ['admin'],
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      try {
        const saved = await this.accounts().insert(account);
        return { account: toPublic(saved), created: true, generatedPassword: password ? undefined : secret };
      } catch (err) {
        if (!(err instanceof UniqueConflictError)) throw err;
        const [winner] = await this.accounts().find({ filter: { email }, limit: 1 });
        return { account: toPublic(winner), created: false };
      }
    },
  },
  async started() {
    // In a cluster the first admin comes from ADMIN_PASSWORD; embedded mode's runner handles the rest.
    const { admin } = config();
    if (admin.password) await this.ensureAdmin(admin.email, admin.password);
  },
};

export default AuthService;
