import { caller, notFound } from '../../mixins/access/access.middleware';
import { canActFor } from '../../mixins/access/access.domain';
import type { Return, ReturnRequest } from './returns.contract';
import type { Ctx, ReturnsActions, ReturnsThis } from './returns.methods';
import { pageOf, returnsOf, returnView } from './returns.ops';
import { idParams, mineParams, requestParams } from './returns.params';
import { labelDocument } from './returns.label';
import { requestReturn } from './returns.requests';
import { RETURNS_RESPONSES as R } from './returns.responses';

type Id = { id: string };

/** The customer's routes: ask to return an order's delivered units, read one's own returns. */
export const customerActions: ReturnsActions = {
  request: {
    rest: 'POST /orders/:id/returns',
    response: R.request,
    access: 'authenticated',
    idempotent: false,
    params: requestParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id & ReturnRequest>) {
      const { id, ...request } = ctx.params;
      // The client's Idempotency-Key (the gateway passes a well-formed one): a retry answers the same return.
      const key = (ctx.meta as { requestIdempotencyKey?: string }).requestIdempotencyKey;
      const answer = await requestReturn(this, caller(ctx), id, request, key);
      ctx.meta.$statusCode = 201;
      return answer;
    },
  },
  /** The owner's (or staff's) view; anyone else's return answers 404 like a missing one. */
  getReturn: {
    rest: 'GET /returns/:id',
    response: R.getReturn,
    access: 'authenticated',
    idempotent: true,
    params: idParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id>): Promise<Return> {
      const doc = await returnsOf(this.store('returns')).get(ctx.params.id);
      if (!doc || !canActFor(caller(ctx), doc.userId)) throw notFound('Return');
      return returnView(doc);
    },
  },
  /** The return label's document (or a 302 to the carrier's), to the return's customer and to staff; 404 to anyone else. */
  returnLabel: {
    rest: 'GET /returns/:id/label',
    response: R.label,
    access: 'authenticated',
    idempotent: true,
    params: idParams,
    async handler(this: ReturnsThis, ctx: Ctx<Id>) {
      const doc = await returnsOf(this.store('returns')).get(ctx.params.id);
      if (!doc || !canActFor(caller(ctx), doc.userId)) throw notFound('Return');
      return labelDocument(this, ctx, doc);
    },
  },
  mine: {
    rest: 'GET /me/returns',
    response: R.list,
    access: 'authenticated',
    idempotent: true,
    params: mineParams,
    handler(this: ReturnsThis, ctx: Ctx<{ page: number; pageSize: number }>) {
      return pageOf(this.store('returns'), { userId: caller(ctx).id }, ctx.params.page, ctx.params.pageSize);
    },
  },
};
