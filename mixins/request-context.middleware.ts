import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActionHandler, Context, Middleware, Service } from 'moleculer';

/** The request id of the action or event being handled, for log lines written while handling it. */
export const requestScope = new AsyncLocalStorage<string>();

type EventHandler = (ctx: Context) => void | Promise<void>;

/** Runs every local action and event handler inside its context's request id scope. */
export const RequestContextMiddleware: Middleware = {
  name: 'RequestContext',
  localAction(next: ActionHandler<Service>): ActionHandler<Service> {
    return function (this: Service, ctx: Context) {
      return ctx.requestID ? requestScope.run(ctx.requestID, () => next.call(this, ctx)) : next.call(this, ctx);
    };
  },
  localEvent(next: EventHandler): EventHandler {
    return (ctx: Context) => (ctx.requestID ? requestScope.run(ctx.requestID, () => next(ctx)) : next(ctx));
  },
};
