import * as Moleculer from 'moleculer';
import type { ActionHandler, Middleware, ServiceBroker } from 'moleculer';
import { checkIdempotence, isExempt } from './idempotence.domain';

type ActionDef = { name?: string; visibility?: string; idempotent?: unknown };
type Wrap = (this: ServiceBroker, handler: ActionHandler, action: ActionDef) => ActionHandler;
type RetryHooks = { created?: (this: ServiceBroker) => void; localAction: Wrap; remoteAction: Wrap };

// Moleculer exports its built-in middlewares at runtime without typing them.
const builtIn = (Moleculer as unknown as { Middlewares: { Retry: (broker: ServiceBroker) => RetryHooks } }).Middlewares;

// Tests run several brokers in one process: each gets Moleculer's Retry bound to itself.
const perBroker = new WeakMap<ServiceBroker, RetryHooks>();
function retryOf(broker: ServiceBroker): RetryHooks {
  let hooks = perBroker.get(broker);
  if (!hooks) perBroker.set(broker, (hooks = builtIn.Retry.call(broker, broker)));
  return hooks;
}

/**
 * Moleculer's Retry (retryPolicy, and a call's `retries` option) around the actions declared
 * `idempotent: true` only; every other action is called once, whatever the error. The caller's
 * node decides: a remote action's declaration travels with the service's registration. A local
 * action that declares nothing stops its service from starting.
 */
export const IdempotentRetryMiddleware = {
  name: 'IdempotentRetry',
  created(broker: ServiceBroker) {
    retryOf(broker).created?.call(broker);
  },
  localAction(this: ServiceBroker, handler: ActionHandler, action: ActionDef) {
    if (isExempt(action) || !checkIdempotence(action.name ?? '?', action.idempotent)) return handler;
    return retryOf(this).localAction.call(this, handler, action);
  },
  // A node that does not say (an older version) is not retried.
  remoteAction(this: ServiceBroker, handler: ActionHandler, action: ActionDef) {
    return action.idempotent === true ? retryOf(this).remoteAction.call(this, handler, action) : handler;
  },
} as unknown as Middleware;
