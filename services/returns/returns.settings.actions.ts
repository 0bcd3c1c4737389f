import { ADMIN, STAFF, type Ctx, type ReturnsActions, type ReturnsThis } from './returns.methods';
import { reasonIdParams, reasonParams, settingsParams } from './returns.params';
import { ReturnSettings, type StoredPolicy } from './returns.policy';
import { RETURNS_RESPONSES as R } from './returns.responses';

const settings = (svc: ReturnsThis) => new ReturnSettings(svc.store('returns'));

/** The return policy and the reasons list, under `/api/admin/returns/settings` and `/reasons`. */
export const settingsActions: ReturnsActions = {
  getReturnSettings: {
    rest: 'GET /admin/returns/settings',
    response: R.settings,
    access: STAFF,
    idempotent: true,
    params: { $$strict: true },
    handler(this: ReturnsThis) {
      return settings(this).policy();
    },
  },
  /** The whole policy (the reasons are managed on their own); `version` from the last read refuses a lost update. */
  putReturnSettings: {
    rest: 'PUT /admin/returns/settings',
    response: R.settings,
    access: ADMIN,
    idempotent: true,
    params: settingsParams,
    handler(this: ReturnsThis, ctx: Ctx<StoredPolicy & { version?: number }>) {
      const { version, ...policy } = ctx.params;
      return settings(this).save(policy, version);
    },
  },
  listReturnReasons: {
    rest: 'GET /admin/return-reasons',
    response: R.reasons,
    access: STAFF,
    idempotent: true,
    params: { $$strict: true },
    async handler(this: ReturnsThis) {
      return { rows: await settings(this).reasons(true) };
    },
  },
  putReturnReason: {
    rest: 'PUT /admin/return-reasons/:id',
    response: R.reason,
    access: ADMIN,
    idempotent: true,
    params: reasonParams,
    handler(this: ReturnsThis, ctx: Ctx<{ id: string; label: string }>) {
      return settings(this).putReason(ctx.params.id, ctx.params.label);
    },
  },
  /** Removed from what customers may choose; returns that named it keep it. */
  removeReturnReason: {
    rest: 'DELETE /admin/return-reasons/:id',
    response: R.reason,
    access: ADMIN,
    idempotent: true,
    params: reasonIdParams,
    handler(this: ReturnsThis, ctx: Ctx<{ id: string }>) {
      return settings(this).removeReason(ctx.params.id);
    },
  },
};
