import { randomUUID } from 'node:crypto';
import { Errors } from 'moleculer';
import { caller, notFound } from '../../mixins/access/access.middleware';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { WriteOp } from '../../mixins/store/store.types';
import { MAX_PAYMENT_METHODS, type PaymentMethod, type PaymentMethodInput, type PaymentMethodView } from './users.contract';
import { chooseDefault, defaultFlips, paymentMethodProblems, toPaymentMethodView } from './users.domain';
import { invalid, limitReached, type UsersActions, type UsersContext, type UsersThis } from './users.methods';
import { idParam, paymentMethodCreateParams } from './users.params';
import { USERS_RESPONSES } from './users.responses';

type Row = Pick<PaymentMethod, 'id' | 'updatedAt' | 'isDefault'>;

/**
 * The writes that leave exactly one default; `rows` is the state after the change. `self` is a row
 * the caller inserts itself: its flag is returned instead of written.
 */
function defaultOps(
  rows: Row[],
  userId: string,
  wanted: string | undefined,
  self?: string,
): { ops: WriteOp[]; selfDefault: boolean } {
  const flips = defaultFlips(rows, chooseDefault(rows, wanted));
  const ops: WriteOp[] = [...flips]
    .filter(([id]) => id !== self)
    .map(([id, isDefault]) => ({
      op: 'update',
      collection: 'payment_methods',
      id,
      where: { userId },
      change: { $set: { isDefault } },
    }));
  return { ops, selfDefault: self !== undefined && flips.get(self) === true };
}

/**
 * Saved payment methods: a provider token plus what a person needs to recognise the card. The
 * token leaves this service only through the internal `getPaymentMethod`, never over REST.
 */
export const paymentActions: UsersActions = {
  listPaymentMethods: {
    rest: 'GET /payment-methods',
    response: USERS_RESPONSES.listPaymentMethods,
    access: 'authenticated',
    idempotent: true,
    async handler(this: UsersThis, ctx: UsersContext): Promise<PaymentMethodView[]> {
      const profile = await this.ensureProfile(ctx, caller(ctx).id);
      return (await this.paymentMethods().find({ filter: { userId: profile.id }, sort: ['createdAt'] })).map(toPaymentMethodView);
    },
  },

  addPaymentMethod: {
    rest: 'POST /payment-methods',
    response: USERS_RESPONSES.addPaymentMethod,
    access: 'authenticated',
    idempotent: false,
    params: paymentMethodCreateParams,
    async handler(this: UsersThis, ctx: UsersContext<PaymentMethodInput>): Promise<PaymentMethodView> {
      const userId = caller(ctx).id;
      const { isDefault, ...input } = ctx.params;
      const problems = paymentMethodProblems(input, new Date());
      if (problems.length) throw invalid(problems);
      try {
        const created = await this.mutateOwned(ctx, userId, async () => {
          const existing = await this.paymentMethods().find({ filter: { userId }, limit: MAX_PAYMENT_METHODS + 1 });
          if (existing.length >= MAX_PAYMENT_METHODS) throw limitReached('payment methods', MAX_PAYMENT_METHODS);
          const now = Date.now();
          const method: PaymentMethod = { ...input, id: randomUUID(), userId, isDefault: false, createdAt: now, updatedAt: now };
          const { ops, selfDefault } = defaultOps(
            [...existing, method],
            userId,
            isDefault === true ? method.id : undefined,
            method.id,
          );
          method.isDefault = selfDefault;
          return { ops: [{ op: 'insert', collection: 'payment_methods', doc: method }, ...ops], result: method };
        });
        ctx.meta.$statusCode = 201;
        return toPaymentMethodView(created);
      } catch (err) {
        if (err instanceof UniqueConflictError)
          throw new Errors.MoleculerClientError('This payment method is already saved', 409, 'PAYMENT_METHOD_EXISTS');
        throw err;
      }
    },
  },

  /** The only change a saved method allows: becoming the default. Anything else is a new method. */
  updatePaymentMethod: {
    rest: 'PATCH /payment-methods/:id',
    response: USERS_RESPONSES.updatePaymentMethod,
    access: 'authenticated',
    idempotent: false,
    params: { id: idParam, isDefault: { type: 'equal', value: true, strict: true }, $$strict: true },
    async handler(this: UsersThis, ctx: UsersContext<{ id: string; isDefault: true }>): Promise<PaymentMethodView> {
      const userId = caller(ctx).id;
      const { id } = ctx.params;
      const updated = await this.mutateOwned(ctx, userId, async () => {
        const existing = await this.paymentMethods().find({ filter: { userId }, limit: MAX_PAYMENT_METHODS + 1 });
        const current = existing.find((m) => m.id === id);
        if (!current) throw notFound('Payment method');
        const { ops } = defaultOps(existing, userId, id);
        return { ops, result: { ...current, isDefault: true } };
      });
      return toPaymentMethodView(updated);
    },
  },

  removePaymentMethod: {
    rest: 'DELETE /payment-methods/:id',
    response: USERS_RESPONSES.removePaymentMethod,
    access: 'authenticated',
    idempotent: false,
    params: { id: idParam },
    async handler(this: UsersThis, ctx: UsersContext<{ id: string }>): Promise<null> {
      const userId = caller(ctx).id;
      return this.removeOwned(ctx, userId, ctx.params.id, {
        collection: 'payment_methods',
        what: 'Payment method',
        rows: () => this.paymentMethods().find({ filter: { userId }, limit: MAX_PAYMENT_METHODS + 1 }),
        replan: (remaining) => defaultOps(remaining, userId, undefined).ops,
      });
    },
  },

  /** For the payments service: the method with its provider token, when it belongs to `userId`. */
  getPaymentMethod: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    params: { userId: idParam, id: idParam, $$strict: true },
    async handler(this: UsersThis, ctx: UsersContext<{ userId: string; id: string }>): Promise<PaymentMethod> {
      const [method] = await this.paymentMethods().find({ filter: { id: ctx.params.id, userId: ctx.params.userId }, limit: 1 });
      if (!method) throw notFound('Payment method');
      return method;
    },
  },
};
