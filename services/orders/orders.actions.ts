import { Errors } from 'moleculer';
import { caller } from '../../mixins/access/access.middleware';
import type { Order, OrderPage, OrderStatus, OrderView } from './orders.contract';
import { toOrderView, toSummary } from './orders.domain';
import { clientError, type OrdersActions, type OrdersContext, type OrdersThis } from './orders.methods';
import { listParams, orderIdRouteParams, placeParams, routeTransitionParams } from './orders.params';
import { cancelSagaData } from './orders.payment-reports.domain';
import type { Placed, PlaceParams } from './orders.place';
import { canTransition, hasShipped, illegalTransition } from './order.aggregate';
import { ORDERS_RESPONSES } from './orders.responses';
import { CUSTOMER_CANCEL } from '../../sagas/cancel-order/cancel-order.types';

type RouteTransition = { id: string; reason?: string };

/** A customer's orders under `/api/orders`; support and admins may read anyone's by id. */
export const orderActions: OrdersActions = {
  /**
   * Needs an `Idempotency-Key` header (1–128 of A-Z a-z 0-9 _ . : -): a request with a key already
   * used answers with the order that key placed, whatever its body. See orders.place.ts.
   */
  place: {
    rest: 'POST /',
    response: ORDERS_RESPONSES.place,
    access: 'authenticated',
    idempotent: false,
    params: placeParams,
    handler(this: OrdersThis, ctx: OrdersContext<PlaceParams>): Promise<Placed> {
      return this.placeFromCart(ctx);
    },
  },

  /** The caller's own orders, newest first. */
  list: {
    rest: 'GET /',
    response: ORDERS_RESPONSES.list,
    access: 'authenticated',
    idempotent: true,
    params: listParams,
    async handler(
      this: OrdersThis,
      ctx: OrdersContext<{ page: number; pageSize: number; status?: OrderStatus }>,
    ): Promise<OrderPage> {
      const { page, pageSize, status } = ctx.params;
      const filter = { userId: caller(ctx).id, ...(status ? { status } : {}) };
      const [rows, total] = await Promise.all([
        this.orders().find({ filter, sort: ['-createdAt'], limit: pageSize, offset: (page - 1) * pageSize }),
        this.orders().count({ filter }),
      ]);
      return { rows: rows.map(toSummary), total, page, pageSize };
    },
  },

  view: {
    rest: 'GET /:id',
    response: ORDERS_RESPONSES.view,
    access: 'authenticated',
    idempotent: true,
    params: orderIdRouteParams,
    async handler(this: OrdersThis, ctx: OrdersContext<{ id: string }>): Promise<OrderView> {
      const order = await this.visibleOrder(ctx, ctx.params.id, 'owner-or-staff');
      return toOrderView(order, await this.historyOf(order));
    },
  },

  /**
   * The owner cancels a confirmed order that has not shipped: the cancel-order saga (idempotent by
   * its id) stops its shipments, marks it CANCELLED, refunds and restocks. While checkout still runs
   * (PENDING) there is nothing settled to cancel yet; once any of it shipped, it can only be returned.
   */
  cancel: {
    rest: 'POST /:id/cancel',
    response: ORDERS_RESPONSES.cancel,
    access: 'authenticated',
    idempotent: false,
    params: routeTransitionParams,
    async handler(this: OrdersThis, ctx: OrdersContext<RouteTransition>): Promise<Placed & { cancellation: string }> {
      const order: Order = await this.visibleOrder(ctx, ctx.params.id, 'owner');
      if (order.status === 'PENDING')
        throw new Errors.MoleculerClientError(
          'Checkout of this order is still running; try again shortly',
          409,
          'CHECKOUT_IN_PROGRESS',
        );
      if (hasShipped(order.status))
        throw new Errors.MoleculerClientError(
          'Part of this order has shipped: it can be returned, not cancelled',
          409,
          'ORDER_ALREADY_SHIPPED',
          {
            status: order.status,
          },
        );
      if (!canTransition(order.status, 'CANCELLED')) throw clientError(illegalTransition(order.status, 'CANCELLED'));
      const sagaId = `cancel:${order.id}`;
      const data = cancelSagaData(order, ctx.params.reason ?? CUSTOMER_CANCEL);
      await ctx.call('sagas.start', { type: 'cancel-order', id: sagaId, data });
      ctx.meta.$statusCode = 202;
      return { id: order.id, status: order.status, cancellation: sagaId };
    },
  },
};
