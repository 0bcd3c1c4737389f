import type { Context } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { isOutage } from '../../mixins/outage';
import type { ReturnLabel } from './notifications.domain';

/** How long an approval mail waits for its label: the return saga's label step runs right after the approval. */
export const LABEL_WAIT_MS = 10_000;

type ReturnRead = { status: string; label?: ReturnLabel };

/**
 * The return's label for its approval mail, from `returns.get`. An auto-approved request publishes
 * its approval with the request, before the saga made the label: while the return is approved and
 * has none, it is asked again, up to `waitMs`. Then, or when the return went another way (rejected,
 * cancelled) or is unknown, the mail goes without one (the customer's return page shows it later).
 * An unreachable returns service is an outage: thrown, so the event is tried again.
 */
export async function returnLabel(ctx: Context, returnId: string, waitMs = LABEL_WAIT_MS): Promise<ReturnLabel | null> {
  const until = Date.now() + waitMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 1_000)) {
    let ret: ReturnRead;
    try {
      ret = await ctx.call<ReturnRead, { returnId: string }>('returns.get', { returnId }, { meta: { user: SYSTEM_PRINCIPAL } });
    } catch (err) {
      if ((err as { code?: unknown }).code === 404 && !isOutage(err)) return null;
      throw err;
    }
    if (ret.label || ret.status !== 'approved' || Date.now() + pause > until) return ret.label ?? null;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
