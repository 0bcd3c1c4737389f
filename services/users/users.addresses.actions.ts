import { randomUUID } from 'node:crypto';
import { caller, notFound } from '../../mixins/access/access.middleware';
import type { WriteOp } from '../../mixins/store/store.types';
import { MAX_ADDRESSES, type Address, type AddressInput, type AddressPatch, type AddressView } from './users.contract';
import {
  addressChange,
  clearedDefaultProblems,
  planAddressDefaults,
  toAddressView,
  withoutNulls,
  type AddressFlags,
} from './users.domain';
import { invalid, limitReached, type UsersActions, type UsersContext, type UsersThis } from './users.methods';
import { addressCreateParams, addressPatchParams, idParam } from './users.params';
import { USERS_RESPONSES } from './users.responses';

/**
 * Flag changes for rows other than the one a request writes itself, each guarded by its owner.
 * They keep their `updatedAt`: a side effect is not the user editing that address.
 */
const flagOps = (plan: Map<string, AddressFlags>, userId: string, skip: string): WriteOp[] =>
  [...plan]
    .filter(([id]) => id !== skip)
    .map(([id, flags]) => ({ op: 'update', collection: 'addresses', id, where: { userId }, change: { $set: flags } }));

/** Whether a request asks for a row to become a default; anything but `true` asks nothing. */
const wants = (input: Pick<AddressPatch, 'isDefaultShipping' | 'isDefaultBilling'>, id: string) => ({
  shipping: input.isDefaultShipping === true ? id : undefined,
  billing: input.isDefaultBilling === true ? id : undefined,
});

/**
 * The caller's address book. Every query filters on the caller's id, so another user's address
 * is simply not found. Default flags move inside the same atomic unit as the write that moves them.
 */
export const addressActions: UsersActions = {
  listAddresses: {
    rest: 'GET /addresses',
    response: USERS_RESPONSES.listAddresses,
    access: 'authenticated',
    idempotent: true,
    async handler(this: UsersThis, ctx: UsersContext): Promise<AddressView[]> {
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      return (await this.addresses().find({ filter: { userId: profile.id }, sort: ['createdAt'] })).map(toAddressView);
    },
  },

  getAddress: {
    rest: 'GET /addresses/:id',
    response: USERS_RESPONSES.getAddress,
    access: 'authenticated',
    idempotent: true,
    params: { id: idParam },
    async handler(this: UsersThis, ctx: UsersContext<{ id: string }>): Promise<AddressView> {
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      const [address] = await this.addresses().find({ filter: { id: ctx.params.id, userId: profile.id }, limit: 1 });
      if (!address) throw notFound('Address');
      return toAddressView(address);
    },
  },

  /**
   * For the orders service: the address when it belongs to `userId`, else 404. (Named apart from
   * `getAddress`, the owner's REST read, which holds that action name.)
   */
  getUserAddress: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { userId: idParam, id: idParam, $$strict: true },
    async handler(this: UsersThis, ctx: UsersContext<{ userId: string; id: string }>): Promise<AddressView> {
      const [address] = await this.addresses().find({ filter: { id: ctx.params.id, userId: ctx.params.userId }, limit: 1 });
      if (!address) throw notFound('Address');
      return toAddressView(address);
    },
  },

  addAddress: {
    rest: 'POST /addresses',
    response: USERS_RESPONSES.addAddress,
    access: 'authenticated',
    idempotent: false,
    params: addressCreateParams,
    async handler(this: UsersThis, ctx: UsersContext<AddressInput>): Promise<AddressView> {
      const userId = caller(ctx).id;
      const { isDefaultShipping, isDefaultBilling, ...fields } = ctx.params;
      const created = await this.mutateOwned(ctx, userId, async () => {
        const existing = await this.addresses().find({ filter: { userId }, limit: MAX_ADDRESSES + 1 });
        if (existing.length >= MAX_ADDRESSES) throw limitReached('addresses', MAX_ADDRESSES);
        const now = Date.now();
        const address: Address = {
          ...withoutNulls(fields),
          id: randomUUID(),
          userId,
          isDefaultShipping: false,
          isDefaultBilling: false,
          createdAt: now,
          updatedAt: now,
        };
        const plan = planAddressDefaults([...existing, address], wants({ isDefaultShipping, isDefaultBilling }, address.id));
        Object.assign(address, plan.get(address.id));
        const ops: WriteOp[] = [{ op: 'insert', collection: 'addresses', doc: address }, ...flagOps(plan, userId, address.id)];
        return { ops, result: address };
      });
      ctx.meta.$statusCode = 201;
      return toAddressView(created);
    },
  },

  updateAddress: {
    rest: 'PATCH /addresses/:id',
    response: USERS_RESPONSES.updateAddress,
    access: 'authenticated',
    idempotent: false,
    params: addressPatchParams,
    async handler(this: UsersThis, ctx: UsersContext<AddressPatch & { id: string }>): Promise<AddressView> {
      const userId = caller(ctx).id;
      const { id, ...patch } = ctx.params;
      const { $set, $unset, problems } = addressChange(patch);
      if (problems.length) throw invalid(problems);
      const updated = await this.mutateOwned(ctx, userId, async () => {
        const existing = await this.addresses().find({ filter: { userId }, limit: MAX_ADDRESSES + 1 });
        const current = existing.find((a) => a.id === id);
        if (!current) throw notFound('Address');
        const flagProblems = clearedDefaultProblems(current, patch);
        if (flagProblems.length) throw invalid(flagProblems);
        const now = Date.now();
        const after = existing.map((a) => (a.id === id ? { ...a, updatedAt: now } : a));
        const plan = planAddressDefaults(after, wants(patch, id));
        const own = { ...$set, ...plan.get(id), updatedAt: now };
        const ops: WriteOp[] = [
          { op: 'update', collection: 'addresses', id, where: { userId }, change: { $set: own, $unset } },
          ...flagOps(plan, userId, id),
        ];
        const result: Address = { ...current, ...(own as Partial<Address>) };
        for (const field of $unset) delete (result as Record<string, unknown>)[field];
        return { ops, result };
      });
      return toAddressView(updated);
    },
  },

  removeAddress: {
    rest: 'DELETE /addresses/:id',
    response: USERS_RESPONSES.removeAddress,
    access: 'authenticated',
    idempotent: false,
    params: { id: idParam },
    async handler(this: UsersThis, ctx: UsersContext<{ id: string }>): Promise<null> {
      const userId = caller(ctx).id;
      const { id } = ctx.params;
      return this.removeOwned(ctx, userId, id, {
        collection: 'addresses',
        what: 'Address',
        rows: () => this.addresses().find({ filter: { userId }, limit: MAX_ADDRESSES + 1 }),
        replan: (remaining) => flagOps(planAddressDefaults(remaining, {}), userId, id),
      });
    },
  },
};
