import type { ActionParams } from 'moleculer';
import type { Order, OrderStatus, TransitionResult } from './orders.contract';
import { notFound } from '../../mixins/access/access.middleware';
import type { OrdersActions, OrdersContext, OrdersThis } from './orders.methods';
import { orderIdParams, reasonParams } from './orders.params';

type Change = { orderId: string; reason?: string };

/** A transition the checkout and cancel sagas drive: internal, remembered per step key. */
const sagaStep = (to: OrderStatus, action: string, params: ActionParams) => ({
  visibility: 'public' as const,
  access: 'internal' as const,
  idempotent: false,
  params,
  handler(this: OrdersThis, ctx: OrdersContext<Change>): Promise<TransitionResult> {
    const { orderId, reason } = ctx.params;
    return this.changeStatus({ orderId, to, reason, sameIsDone: true, key: ctx.meta.idempotencyKey, action });
  },
});

/**
 * The saga's side of orders. Each call carries `ctx.meta.idempotencyKey` (`sagaId:stepId`): a
 * repeated call returns the first result without writing again. An order already in the target
 * status is success too (`changed: false`), so a saga re-run by an operator cannot trip on its own
 * earlier effect; a transition the machine forbids is a 409 ILLEGAL_TRANSITION (a business failure).
 */
export const sagaActions: OrdersActions = {
  confirm: sagaStep('CONFIRMED', 'orders.confirm', orderIdParams),
  reject: sagaStep('REJECTED', 'orders.reject', reasonParams),
  markCancelled: sagaStep('CANCELLED', 'orders.markCancelled', reasonParams),

  /** The whole order, payment token included, for the saga's steps. */
  get: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: orderIdParams,
    async handler(this: OrdersThis, ctx: OrdersContext<{ orderId: string }>): Promise<Order> {
      const order = await this.orders().get(ctx.params.orderId);
      if (!order) throw notFound('Order');
      return order;
    },
  },
};
