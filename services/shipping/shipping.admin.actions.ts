import type { Ctx, ShippingActions, ShippingThis } from './shipping.methods';
import {
  createMethodParams,
  createZoneParams,
  idParams,
  listMethodsParams,
  listZonesParams,
  patchMethodParams,
  patchZoneParams,
} from './shipping.params';
import type { Paging } from './shipping.admin';
import { SHIPPING_RESPONSES as R } from './shipping.responses';

const ADMIN = { roles: ['admin' as const] };
/** Support answers customers' shipping questions: it reads, never writes. */
const STAFF = { roles: ['admin' as const, 'support' as const] };
type Id = { id: string };
type Patch = Id & { version?: number } & Record<string, unknown>;

/** Staff routes: shipping zones and the methods (with their rate cards) offered in each. */
export const adminActions: ShippingActions = {
  createZone: {
    rest: 'POST /admin/shipping/zones',
    response: R.createZone,
    access: ADMIN,
    idempotent: false,
    params: createZoneParams,
    async handler(this: ShippingThis, ctx: Ctx<Record<string, unknown>>) {
      const zone = await this.admin().createZone(ctx.params);
      ctx.meta.$statusCode = 201;
      return zone;
    },
  },
  listZones: {
    rest: 'GET /admin/shipping/zones',
    response: R.listZones,
    access: STAFF,
    idempotent: true,
    params: listZonesParams,
    handler(this: ShippingThis, ctx: Ctx<Paging & { active?: boolean }>) {
      return this.admin().listZones(ctx.params);
    },
  },
  getZone: {
    rest: 'GET /admin/shipping/zones/:id',
    response: R.getZone,
    access: STAFF,
    idempotent: true,
    params: idParams,
    handler(this: ShippingThis, ctx: Ctx<Id>) {
      return this.admin().getZone(ctx.params.id);
    },
  },
  /** Changes only the given fields; `version` makes it apply to that version only. */
  patchZone: {
    rest: 'PATCH /admin/shipping/zones/:id',
    response: R.patchZone,
    access: ADMIN,
    idempotent: false,
    params: patchZoneParams,
    handler(this: ShippingThis, ctx: Ctx<Patch>) {
      const { id, version, ...fields } = ctx.params;
      return this.admin().patchZone(id, fields, version);
    },
  },
  removeZone: {
    rest: 'DELETE /admin/shipping/zones/:id',
    response: R.removeZone,
    access: ADMIN,
    // A repeat after a removal answers 404: never retried (like products' and addresses' deletes).
    idempotent: false,
    params: idParams,
    handler(this: ShippingThis, ctx: Ctx<Id>) {
      return this.admin().removeZone(ctx.params.id);
    },
  },
  createMethod: {
    rest: 'POST /admin/shipping/methods',
    response: R.createMethod,
    access: ADMIN,
    idempotent: false,
    params: createMethodParams,
    async handler(this: ShippingThis, ctx: Ctx<Record<string, unknown>>) {
      const method = await this.admin().createMethod(ctx.params);
      ctx.meta.$statusCode = 201;
      return method;
    },
  },
  listMethods: {
    rest: 'GET /admin/shipping/methods',
    response: R.listMethods,
    access: STAFF,
    idempotent: true,
    params: listMethodsParams,
    handler(this: ShippingThis, ctx: Ctx<Paging & { zoneId?: string; active?: boolean }>) {
      return this.admin().listMethods(ctx.params);
    },
  },
  getMethod: {
    rest: 'GET /admin/shipping/methods/:id',
    response: R.getMethod,
    access: STAFF,
    idempotent: true,
    params: idParams,
    handler(this: ShippingThis, ctx: Ctx<Id>) {
      return this.admin().getMethod(ctx.params.id);
    },
  },
  /** A rate-card change bumps `rateVersion` (quotes and orders name the version they were priced from). */
  patchMethod: {
    rest: 'PATCH /admin/shipping/methods/:id',
    response: R.patchMethod,
    access: ADMIN,
    idempotent: false,
    params: patchMethodParams,
    handler(this: ShippingThis, ctx: Ctx<Patch>) {
      const { id, version, ...fields } = ctx.params;
      return this.admin().patchMethod(id, fields, version);
    },
  },
  removeMethod: {
    rest: 'DELETE /admin/shipping/methods/:id',
    response: R.removeMethod,
    access: ADMIN,
    // As removeZone: a repeat answers 404.
    idempotent: false,
    params: idParams,
    handler(this: ShippingThis, ctx: Ctx<Id>) {
      return this.admin().removeMethod(ctx.params.id);
    },
  },
};
