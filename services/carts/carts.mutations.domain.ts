import { createHash } from 'node:crypto';

/** What a call carries that names the request it belongs to. */
export interface RequestIds {
  /** The client's Idempotency-Key, as the gateway copied it. */
  idempotencyKey?: string;
  /** The calling context: through the gateway, the one context of the HTTP request, which a broker retry keeps. */
  parentId?: string | null;
  /** The root call's id when nothing called it (a script, the REPL); a retry keeps it too. */
  requestId?: string | null;
}

/**
 * The request a cart change belongs to. A client's Idempotency-Key wins, so a client retrying a
 * whole HTTP request is covered too; without one, the per-request context the gateway created.
 */
export function requestOf(ids: RequestIds): string | null {
  if (ids.idempotencyKey) return `key:${ids.idempotencyKey}`;
  if (ids.parentId) return `ctx:${ids.parentId}`;
  return ids.requestId ? `req:${ids.requestId}` : null;
}

/**
 * The id of one change to one cart: the same request asking for the same change again gets the
 * same id, and its change is applied once. The params are part of it, so one key reused for a
 * different change (another SKU, another quantity) is a different change.
 */
export function mutationId(cartId: string, action: string, request: string, params: Record<string, unknown>): string {
  const fields = Object.keys(params)
    .sort()
    .map((k) => [k, params[k]]);
  return createHash('sha256')
    .update(JSON.stringify([cartId, action, request, fields]))
    .digest('base64url');
}
