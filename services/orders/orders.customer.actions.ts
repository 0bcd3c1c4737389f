import { idParam } from '../../mixins/validation/params';
import type { OrderStatus } from './orders.contract';
import type { OrdersActions, OrdersContext, OrdersThis } from './orders.methods';

/**
 * The statuses of an order that counts as the customer's: placed and not ended by a rejection or
 * cancellation. A PENDING one counts, so two checkouts in a row cannot both be someone's first.
 */
export const COUNTED_STATUSES: readonly OrderStatus[] = ['PENDING', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED'];

/** What other services ask orders about a customer (discounts: the `firstOrder` promotion condition). */
export const customerActions: OrdersActions = {
  /**
   * Whether the customer has an order that counts (COUNTED_STATUSES); reads only, by the orders
   * store's index on userId. Discounts calls it while pricing, so the order being placed now is not
   * yet written when its own cart is priced at the claim.
   */
  customerHasOrders: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { userId: idParam, $$strict: true },
    async handler(this: OrdersThis, ctx: OrdersContext<{ userId: string }>): Promise<{ hasOrders: boolean }> {
      const filter = { userId: ctx.params.userId, status: { $in: [...COUNTED_STATUSES] } };
      return { hasOrders: (await this.orders().find({ filter, limit: 1 })).length > 0 };
    },
  },
};
