import { Errors, type ActionHandler, type Context, type Middleware, type Service } from 'moleculer';
import { StoreUnavailableError } from './store.errors';
import { isStoreOutage } from './store.outage';

/**
 * A store outage thrown by a local action becomes StoreUnavailableError: callers (the gateway,
 * the broker's retry policy, saga steps) see a retryable 503 instead of an internal error. The
 * original error is logged once here; its text never reaches a caller.
 */
export const StoreOutageMiddleware: Middleware = {
  name: 'StoreOutage',
  localAction(next: ActionHandler<Service>, action: { name?: string }): ActionHandler<Service> {
    return async function (this: Service, ctx: Context) {
      try {
        return await next.call(this, ctx);
      } catch (err) {
        if (err instanceof Errors.MoleculerError || !isStoreOutage(err)) throw err;
        ctx.broker.getLogger('store').warn(`${action.name ?? 'action'}: store unavailable (${(err as Error).message})`);
        throw new StoreUnavailableError();
      }
    };
  },
};
