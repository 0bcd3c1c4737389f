/**
 * Whether an error means "a data store cannot be reached right now" (a server restarting, a
 * connection dropped, a pool that cannot connect) rather than a bug or bad input. Such failures
 * are worth retrying, so they are answered 503 and marked retryable instead of 500.
 */

/** PostgreSQL SQLSTATEs: class 08 connection exceptions, admin/crash shutdown, starting up, too many connections. */
const PG_STATES = /^(08\w{3}|57P0[1-3]|53300)$/;
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|connection error|connection is closed|server closed the connection/i;
const NAMES = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'ServiceUnavailable',
  'TimeoutError',
]);

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };

export function isStoreOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as ErrorLike;
  if (typeof e.code === 'string' && (PG_STATES.test(e.code) || NET_CODES.has(e.code))) return true;
  if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => isStoreOutage(i, depth + 1));
}
