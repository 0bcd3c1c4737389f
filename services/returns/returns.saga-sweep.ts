import { PeriodicMixin } from '../../mixins/periodic.mixin';
import type { ReturnsThis } from './returns.methods';
import { PENDING_SAGAS, returnsOf, startedSaga, type PendingSagaDoc } from './returns.ops';
import { startSaga } from './returns.requests';

/** How often the sweep looks, and how old a pending start must be: older than any request still starting its saga. */
export const SWEEP_EVERY_MS = 30_000;
export const STALE_MS = 60_000;
const PAGE = 100;

/**
 * Starts the sagas of returns whose start failed after their unit (sagas.start was only logged):
 * pending for more than STALE_MS and still `requested` or `approved`. sagas.start is idempotent
 * by id, so a pass racing a request's own start, or another node's pass, starts nothing twice. A
 * return that ended meanwhile (staff rejected it) needs none. Answers how many were started.
 */
export async function sweepUnstartedSagas(svc: ReturnsThis, now = Date.now()): Promise<number> {
  const store = svc.store('returns');
  const pending = await store.collection<PendingSagaDoc>(PENDING_SAGAS).find({ filter: { at: { $lt: now - STALE_MS } }, sort: ['at', 'id'], limit: PAGE });
  const returns = await returnsOf(store).getMany(pending.map((p) => p.id));
  let started = 0;
  for (const ret of returns) {
    if (ret.status !== 'requested' && ret.status !== 'approved') {
      await startedSaga(store, ret.id);
      continue;
    }
    if (await startSaga(svc, ret, ret.status === 'approved')) started++;
  }
  return started;
}

/** The sweep on every node that runs returns (passes may race: each start is idempotent). */
export const SagaSweep = PeriodicMixin<ReturnsThis>('Return saga sweep', {
  everyMs: () => SWEEP_EVERY_MS,
  run() {
    return sweepUnstartedSagas(this);
  },
});
