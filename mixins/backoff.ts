/**
 * The wait before retry `attempt` (1-based): `baseMs`, doubling per attempt, never above `maxMs`.
 * One formula for every retry that backs off: event redelivery, the outbox relay, saga steps,
 * notice resends.
 */
export const doubling =
  (baseMs: number, maxMs: number) =>
  (attempt: number): number =>
    Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
