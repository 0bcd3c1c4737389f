import { notFound } from '../../mixins/access/access.middleware';
import type {
  AuditDoc,
  AuthorizeParams,
  AuthorizeResult,
  PaymentView,
  RefundParams,
  RefundView,
  ReconcileReport,
  TransactionDoc,
} from './payments.contract';
import { actorOf, type PaymentsActions, type PaymentsContext, type PaymentsThis } from './payments.methods';
import { toRefundView, toView } from './payments.ops';
import { authorizeParams, getParams, orderParams, reconcileParams, refundParams } from './payments.params';
import { PAYMENTS_RESPONSES } from './payments.responses';

type OrderCtx = PaymentsContext<{ orderId: string }>;

/**
 * The checkout saga's participant calls (internal; the engine passes `meta.idempotencyKey`), the
 * reconciliation, and the support view of one payment.
 */
export const paymentActions: PaymentsActions = {
  authorize: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: authorizeParams,
    handler(this: PaymentsThis, ctx: PaymentsContext<AuthorizeParams>): Promise<AuthorizeResult> {
      return this.authorizeOrder(ctx.params, ctx.meta.idempotencyKey, actorOf(ctx));
    },
  },

  capture: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: orderParams,
    handler(this: PaymentsThis, ctx: OrderCtx): Promise<PaymentView> {
      return this.changeStatus(ctx.params.orderId, 'capture', ctx.meta.idempotencyKey, actorOf(ctx));
    },
  },

  /**
   * Safe as a compensation whatever happened: with nothing authorized it records a void that a late
   * authorization honours; a declined payment answers unchanged; a captured one is 409 (refund it).
   */
  void: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: orderParams,
    handler(this: PaymentsThis, ctx: OrderCtx): Promise<PaymentView> {
      return this.changeStatus(ctx.params.orderId, 'void', ctx.meta.idempotencyKey, actorOf(ctx));
    },
  },

  refund: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: refundParams,
    handler(this: PaymentsThis, ctx: PaymentsContext<RefundParams>): Promise<PaymentView> {
      return this.refundOrder(ctx.params, ctx.meta.idempotencyKey, actorOf(ctx));
    },
  },

  reconcile: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: reconcileParams,
    handler(this: PaymentsThis, ctx: PaymentsContext<{ apply?: boolean }>): Promise<ReconcileReport> {
      return this.reconcile(ctx.params.apply === true, actorOf(ctx));
    },
  },

  reconcileNow: {
    rest: 'POST /reconcile',
    response: PAYMENTS_RESPONSES.reconcileNow,
    access: { roles: ['admin'] },
    idempotent: false,
    params: reconcileParams,
    handler(this: PaymentsThis, ctx: PaymentsContext<{ apply?: boolean }>): Promise<ReconcileReport> {
      return this.reconcile(ctx.params.apply === true, actorOf(ctx));
    },
  },

  get: {
    rest: 'GET /:orderId',
    response: PAYMENTS_RESPONSES.get,
    access: { roles: ['admin', 'support'] },
    idempotent: true,
    params: getParams,
    async handler(
      this: PaymentsThis,
      ctx: OrderCtx,
    ): Promise<PaymentView & { transactions: TransactionDoc[]; refunds: RefundView[]; audit: AuditDoc[] }> {
      const { orderId } = ctx.params;
      const payment = await this.payments().get(orderId);
      if (!payment) throw notFound('Payment');
      const byOrder = { filter: { orderId }, limit: 200 };
      const [transactions, refunds, audit] = await Promise.all([
        this.transactions().find({ ...byOrder, sort: ['startedAt'] }),
        this.refunds().find({ ...byOrder, sort: ['createdAt'] }),
        this.audit().find({ ...byOrder, sort: ['at'] }),
      ]);
      return { ...toView(payment), transactions, refunds: refunds.map(toRefundView), audit };
    },
  },
};
