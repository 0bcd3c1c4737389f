import { notFound } from '../../mixins/access/access.middleware';
import type { Return } from './returns.contract';
import type { Ctx, ReturnsActions, ReturnsThis } from './returns.methods';
import { returnsOf, returnView } from './returns.ops';
import { returnIdParams } from './returns.params';

const internal = { visibility: 'public' as const, access: 'internal' as const, idempotent: true };

/** The return saga's calls (sagas/return): each idempotent, a retry answers what the first did. */
export const sagaActions: ReturnsActions = {
  get: {
    ...internal,
    params: returnIdParams,
    async handler(this: ReturnsThis, ctx: Ctx<{ returnId: string }>): Promise<Return> {
      const doc = await returnsOf(this.store('returns')).get(ctx.params.returnId);
      if (!doc) throw notFound('Return');
      return returnView(doc);
    },
  },
};
