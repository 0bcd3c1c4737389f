import type { ReturnStatus } from './returns.contract';
import type { Ctx, ReturnsActions, ReturnsThis } from './returns.methods';
import { returnsOf, returnView } from './returns.ops';
import { listParams } from './returns.params';
import { RETURNS_RESPONSES as R } from './returns.responses';

/** Support reads returns to answer customers; only admins decide, receive and set the policy. */
export const STAFF = { roles: ['admin' as const, 'support' as const] };
export const ADMIN = { roles: ['admin' as const] };
type ListQuery = { status?: ReturnStatus; orderId?: string; page: number; pageSize: number };

/** Staff routes under `/api/admin/returns`. */
export const adminActions: ReturnsActions = {
  listReturns: {
    rest: 'GET /admin/returns',
    response: R.list,
    access: STAFF,
    idempotent: true,
    params: listParams,
    async handler(this: ReturnsThis, ctx: Ctx<ListQuery>) {
      const { status, orderId, page, pageSize } = ctx.params;
      const filter = { ...(status ? { status } : {}), ...(orderId ? { orderId } : {}) };
      const returns = returnsOf(this.store('returns'));
      const [rows, total] = await Promise.all([
        returns.find({ filter, sort: ['-createdAt', 'id'], limit: pageSize, offset: (page - 1) * pageSize }),
        returns.count({ filter }),
      ]);
      return { rows: rows.map(returnView), total, page, pageSize };
    },
  },
};
