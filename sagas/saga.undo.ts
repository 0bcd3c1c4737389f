import { refusedWith } from './saga.errors';
import type { CompensationContext } from './saga.types';

/** A participant's refusal that means its record already shows nothing left to undo. */
export type Settled = { code: number; types?: string[] };

/**
 * A compensation's one undo call. When the step completed (it left a compensateInput) the
 * participant has a record of it, so "not found" is an error, not an all-clear. When it only may
 * have half-happened (no compensateInput), asking the participant is how to find out: 404 says
 * the step never landed. `settled` refusals (e.g. 409 "already voided") end quietly either way.
 * An outage is never a refusal (refusedWith), so it is retried, never taken for "nothing to undo".
 */
export async function undo(
  ctx: CompensationContext,
  action: string,
  params: Record<string, unknown>,
  settled: Settled[] = [{ code: 409 }],
): Promise<void> {
  try {
    await ctx.call(action, params);
  } catch (err) {
    if (settled.some((s) => refusedWith(err, s.code, s.types))) return;
    if (ctx.compensateInput === undefined && refusedWith(err, 404)) return;
    throw err;
  }
}
