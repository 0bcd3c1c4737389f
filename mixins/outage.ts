/**
 * Moleculer answers "no node serves this" with code 404 (ServiceNotFoundError,
 * ServiceNotAvailableError) — the same code a participant uses for "no such record". Taking the one
 * for the other turns an outage into "nothing to undo". So outages are told apart by what the
 * error is (its name, or its type once it crossed the transporter), never by its code.
 */
const OUTAGE_TYPES: ReadonlySet<string> = new Set([
  'SERVICE_NOT_FOUND', // no node has the action (yet, or any more)
  'SERVICE_NOT_AVAILABLE', // the nodes that have it are down or their circuit is open
  'REQUEST_TIMEOUT', // no answer: the node may have died mid-call, or the call may have landed
  'REQUEST_REJECTED', // the node left while the request waited
  'REQUEST_SKIPPED', // the caller's own deadline ran out before the call
  'QUEUE_FULL', // the bulkhead shed it: the participant is overloaded, not refusing
  'BAD_GATEWAY', // this node's transporter is disconnected
  'STEP_DEADLINE', // a saga try that outlived its deadline
]);
const OUTAGE_NAMES: ReadonlySet<string> = new Set([
  'ServiceNotFoundError',
  'ServiceNotAvailableError',
  'RequestTimeoutError',
  'RequestRejectedError',
  'RequestSkippedError',
  'QueueIsFullError',
  'BrokerDisconnectedError',
  'StepDeadlineError',
]);

/** True when the error says the participant could not be reached or did not answer (not what it decided). */
export function isOutage(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { name, type } = err as { name?: unknown; type?: unknown };
  return (typeof type === 'string' && OUTAGE_TYPES.has(type)) || (typeof name === 'string' && OUTAGE_NAMES.has(name));
}

/** The service an action belongs to (`v2.orders.get` → `v2.orders`), for matching outages to the registry. */
export const serviceOf = (action: string): string => action.slice(0, Math.max(0, action.lastIndexOf('.')));
