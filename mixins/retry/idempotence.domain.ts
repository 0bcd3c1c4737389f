/**
 * Whether the broker may call an action again after a timeout or an unreachable node. A timeout
 * does not cancel the first call, so only an action whose repeat (same params, same request) has
 * no further effect may be retried: reads, set-like writes, and writes keyed by a request id.
 */
export function checkIdempotence(actionName: string, declared: unknown): boolean {
  if (declared === true || declared === false) return declared;
  if (declared === undefined)
    throw new Error(
      `Action ${actionName} does not declare idempotent: add \`idempotent: true\` beside its \`access\` when ` +
        `calling it twice with the same params and request changes state once (the broker may then retry it), ` +
        `else \`idempotent: false\` (never retried)`,
    );
  throw new Error(`Action ${actionName} has an invalid idempotent declaration ${JSON.stringify(declared)}: true or false`);
}

/** Moleculer's own `$node` actions and private helpers (moleculer-web's dispatcher) declare nothing and are never retried. */
export const isExempt = (action: { name?: string; visibility?: string }) =>
  (action.name ?? '').startsWith('$') || action.visibility === 'private';
