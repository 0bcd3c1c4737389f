import type { Context } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { Reservation, ReserveParams } from './inventory.contract';
import type { InventoryActions, InventoryThis } from './inventory.methods';
import { availabilityParams, commitParams, orderIdParams, releaseParams, reserveParams } from './inventory.params';
import { availabilityOf, toReservation } from './inventory.reservation.domain';
import { INVENTORY_RESPONSES } from './inventory.responses';

type Ctx<P> = Context<P, CallerMeta>;
/** Who the ledger names: the signed-in person, or `system` for platform code (sagas, the sweeper). */
export const actorOf = (ctx: Ctx<unknown>) => ctx.meta.user?.id ?? 'system';

/** The order saga's side of inventory: holds, their release or sale, and availability for carts. Internal only. */
export const reservationActions: InventoryActions = {
  availability: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: availabilityParams,
    async handler(this: InventoryThis, ctx: Ctx<{ skus: string[] }>): Promise<Record<string, number>> {
      const skus = [...new Set(ctx.params.skus)];
      const rows = await Promise.all(skus.map((sku) => this.stock().find({ filter: { sku } })));
      return availabilityOf(skus, rows.flat());
    },
  },

  /** All or nothing per order; idempotent per order id. See inventory.allocation.ts for the allocation rule. */
  reserve: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: reserveParams,
    handler(this: InventoryThis, ctx: Ctx<ReserveParams>): Promise<Reservation> {
      return this.reserveOrder(ctx.params, actorOf(ctx));
    },
  },

  release: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: releaseParams,
    async handler(this: InventoryThis, ctx: Ctx<{ orderId: string; reason?: string }>): Promise<Reservation> {
      return (await this.settle(ctx.params.orderId, 'released', actorOf(ctx), ctx.params.reason ?? 'released'))!;
    },
  },

  commit: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: commitParams,
    async handler(this: InventoryThis, ctx: Ctx<{ orderId: string }>): Promise<Reservation> {
      return (await this.settle(ctx.params.orderId, 'committed', actorOf(ctx)))!;
    },
  },

  /** What the periodic sweeper does, on demand (tests, operators). Returns how many holds it released. */
  sweepExpired: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    handler(this: InventoryThis): Promise<number> {
      return this.expireDue();
    },
  },

  getReservation: {
    rest: 'GET /orders/:orderId/reservations',
    response: INVENTORY_RESPONSES.getReservation,
    access: { roles: ['admin', 'support'] },
    idempotent: true,
    params: orderIdParams,
    async handler(this: InventoryThis, ctx: Ctx<{ orderId: string }>): Promise<Reservation> {
      const doc = await this.reservations().get(ctx.params.orderId);
      if (!doc) throw notFound('Reservation');
      return toReservation(doc);
    },
  },
};
