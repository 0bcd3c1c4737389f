import { Errors, type ActionSchema, type Context } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import { recordEvent } from '../events.catalog';
import { maskEmail, maskText } from '../../mixins/pii/mask';
import type { Filter } from '../../mixins/store/store.types';
import { auditOp } from './auth.audit';
import type {
  AccountStatus,
  AuditEvent,
  EnsureAdminResult,
  Page,
  PublicAccount,
  Role,
  UserRolesChanged,
  UserStatusChanged,
} from './auth.contract';
import type { AuthThis } from './auth.core';
import { roleChangeProblem, sortRoles, statusChangeProblem, toPublic } from './auth.domain';
import { auditTypeParam, emailParam, idParam, pageParams, rolesParam, searchParam } from './auth.params';
import { AUTH_RESPONSES } from './auth.responses';

type Meta = CallerMeta;
type Paging = { page: number; pageSize: number };

const lockout = (message: string, type: string) => new Errors.MoleculerClientError(message, 409, type);

export const adminActions: Record<string, ActionSchema<AuthThis>> = {
  listAccounts: {
    rest: 'GET /accounts',
    response: AUTH_RESPONSES.listAccounts,
    access: { roles: ['support', 'admin'] },
    idempotent: true,
    params: { ...pageParams, email: searchParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<Paging & { email?: string }, Meta>): Promise<Page<PublicAccount>> {
      const { page, pageSize, email } = ctx.params;
      const search = email ? { text: email, fields: ['email'] } : undefined;
      const [rows, total] = await Promise.all([
        this.accounts().find({ search, sort: ['-createdAt'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.accounts().count({ search }),
      ]);
      // Support finds an account by its whole email but reads it masked; admins read it whole.
      const plain = caller(ctx).roles.includes('admin');
      const view = (a: PublicAccount) => (plain ? a : { ...a, email: maskEmail(a.email), name: maskText(a.name) });
      return { rows: rows.map((r) => view(toPublic(r))), total, page, pageSize };
    },
  },

  setRoles: {
    rest: 'PUT /accounts/:id/roles',
    response: AUTH_RESPONSES.setRoles,
    access: { roles: ['admin'] },
    idempotent: false,
    params: { id: idParam, roles: rolesParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ id: string; roles: Role[] }, Meta>): Promise<PublicAccount> {
      const actor = caller(ctx);
      const account = await this.accounts().get(ctx.params.id);
      if (!account) throw notFound('Account');
      const before = sortRoles(account.roles);
      const after = sortRoles(ctx.params.roles);
      if (roleChangeProblem(actor.id, account.id, before, after))
        throw lockout('You cannot remove your own admin role', 'OWN_ADMIN_ROLE');
      if (before.join() === after.join()) {
        // A repeat of a change whose epoch could not be published publishes it now.
        await this.publishEpoch(account);
        return toPublic(account);
      }
      const now = Date.now();
      const event: UserRolesChanged = { id: account.id, roles: after, previous: before };
      await this.atomic([
        {
          op: 'update',
          collection: 'accounts',
          id: account.id,
          change: { $set: { roles: after, updatedAt: now }, $inc: { authEpoch: 1 } },
          expectVersion: account.version,
        },
        auditOp(ctx, 'role.changed', { accountId: account.id, email: account.email, detail: { old: before, new: after } }, now),
        recordEvent('auth', 'user.roles-changed', event, now).op,
      ]);
      await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after role change: ${err.message}`));
      const saved = (await this.accounts().get(account.id)) ?? { ...account, roles: after, updatedAt: now };
      await this.publishEpoch(saved);
      return toPublic(saved);
    },
  },

  setStatus: {
    rest: 'PUT /accounts/:id/status',
    response: AUTH_RESPONSES.setStatus,
    access: { roles: ['admin'] },
    idempotent: false,
    params: { id: idParam, status: { type: 'enum', values: ['active', 'disabled'] }, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ id: string; status: AccountStatus }, Meta>): Promise<PublicAccount> {
      const actor = caller(ctx);
      const account = await this.accounts().get(ctx.params.id);
      if (!account) throw notFound('Account');
      const { status } = ctx.params;
      if (statusChangeProblem(actor.id, account.id, status)) throw lockout('You cannot disable your own account', 'OWN_ACCOUNT');
      if (account.status !== status) {
        const now = Date.now();
        const event: UserStatusChanged = { id: account.id, status };
        await this.atomic([
          {
            op: 'update',
            collection: 'accounts',
            id: account.id,
            change: { $set: { status, updatedAt: now }, $inc: { authEpoch: 1 } },
            expectVersion: account.version,
          },
          auditOp(
            ctx,
            'account.status-changed',
            { accountId: account.id, email: account.email, detail: { old: account.status, new: status } },
            now,
          ),
          recordEvent('auth', 'user.status-changed', event, now).op,
        ]);
        await this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox flush after status change: ${err.message}`));
      }
      // Also when already disabled: a session created in a race with the first disable ends here.
      if (status === 'disabled') await this.revokeAccountSessions(account.id, 'account-disabled');
      const saved = (await this.accounts().get(account.id)) ?? account;
      await this.publishEpoch(saved);
      return toPublic(saved);
    },
  },

  listAudit: {
    rest: 'GET /audit',
    response: AUTH_RESPONSES.listAudit,
    access: { roles: ['admin'] },
    idempotent: true,
    params: {
      ...pageParams,
      accountId: { ...idParam, optional: true },
      type: auditTypeParam,
      $$strict: true,
    },
    async handler(this: AuthThis, ctx: Context<Paging & { accountId?: string; type?: string }, Meta>): Promise<Page<AuditEvent>> {
      const { page, pageSize, accountId, type } = ctx.params;
      const filter: Filter = { ...(accountId ? { accountId } : {}), ...(type ? { type } : {}) };
      const [rows, total] = await Promise.all([
        this.audits().find({ filter, sort: ['-at'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.audits().count({ filter }),
      ]);
      return { rows, total, page, pageSize };
    },
  },

  /** Other services (users, to create a profile lazily) read an account's public face. */
  getAccount: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { id: idParam, $$strict: true },
    async handler(this: AuthThis, ctx: Context<{ id: string }>): Promise<PublicAccount> {
      const account = await this.accounts().get(ctx.params.id);
      if (!account) throw notFound('Account');
      return toPublic(account);
    },
  },

  /** Creates the first admin unless an account with that email exists. Idempotent. */
  ensureAdmin: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: { email: emailParam, password: { type: 'string', optional: true, max: 128 }, $$strict: true },
    handler(this: AuthThis, ctx: Context<{ email: string; password?: string }>): Promise<EnsureAdminResult> {
      return this.ensureAdmin(ctx.params.email, ctx.params.password);
    },
  },
};
