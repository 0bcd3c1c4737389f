import { randomInt } from 'node:crypto';
import type { Collection } from '../store/store.types';
import { retryDelayMs, type OutboxRow } from './outbox';

export const RELAY_BATCH = 100;
const CLAIM_MS = 30_000;

export interface RelayTarget {
  /** Resolves once the bus has the event; throwing leaves the row pending. */
  emit(event: string, payload: unknown): Promise<unknown> | unknown;
  warn(message: string): void;
  /** Whether this relay may send now (it holds the service's relay lease); absent: always. */
  mayRelay?(): Promise<boolean>;
}

/**
 * One relay pass: claims the due rows in the order they were written, publishes them one after the
 * other, and marks the published ones sent. Returns how many were sent. The pass stops at a failed
 * publish and at a row still waiting for its retry, so no event overtakes an earlier one of the
 * same service (per-aggregate order follows).
 *
 * A batch costs three store round trips, not two per row: one conditional update claims every
 * pending row, one read finds which of them this pass holds, one update marks them sent. Relays on
 * other nodes claim with the same condition, so a row is claimed by one of them. Which one is told
 * by the claim's expiry: each pass picks its own (30–60 s ahead, random), so a pass reads back
 * exactly its rows without a claim-owner column. Two passes drawing the same millisecond would
 * both send a row; the bus drops the second copy by id and consumers dedupe, so that costs nothing.
 */
export async function relayOutbox(outbox: Collection<OutboxRow>, target: RelayTarget): Promise<number> {
  const now = Date.now();
  const due = [
    ...(await outbox.find({ filter: { status: 'pending' }, sort: ['createdAt'], limit: RELAY_BATCH })),
    ...(await outbox.find({ filter: { status: 'sending', availableAt: { $lt: now } }, sort: ['createdAt'], limit: RELAY_BATCH })),
  ].sort((a, b) => a.createdAt - b.createdAt);
  const waiting = due.findIndex((row) => row.status === 'pending' && row.availableAt > now);
  const ready = (waiting < 0 ? due : due.slice(0, waiting)).slice(0, RELAY_BATCH);
  if (ready.length === 0) return 0;
  if (target.mayRelay && !(await target.mayRelay())) return 0;

  const claimUntil = now + CLAIM_MS + randomInt(CLAIM_MS);
  const claim = { status: 'sending', availableAt: claimUntil };
  const pending = ready.filter((row) => row.status === 'pending').map((row) => row.id);
  if (pending.length)
    await outbox.updateMany({ id: { $in: pending }, status: 'pending', availableAt: { $lte: now } }, { $set: claim });
  // A lapsed claim (its relay died mid-send) is taken over only as it was read.
  for (const row of ready.filter((r) => r.status === 'sending'))
    await outbox.update(row.id, { $set: claim }, { where: { status: 'sending', availableAt: row.availableAt } });
  const mine = (await outbox.getMany(ready.map((row) => row.id)))
    .filter((row) => row.status === 'sending' && row.availableAt === claimUntil)
    .sort((a, b) => a.createdAt - b.createdAt);

  const sent: string[] = [];
  let failed: OutboxRow | undefined;
  for (const row of mine) {
    try {
      await target.emit(row.event, row.payload);
      sent.push(row.id);
    } catch (err) {
      target.warn(`Outbox: publishing ${row.event} ${row.id} failed: ${(err as Error).message}`);
      failed = row;
      break;
    }
  }
  if (sent.length) await outbox.updateMany({ id: { $in: sent } }, { $set: { status: 'sent', publishedAt: Date.now() } });
  if (failed) {
    await outbox.update(failed.id, {
      $set: { status: 'pending', availableAt: Date.now() + retryDelayMs(failed.attempts + 1) },
      $inc: { attempts: 1 },
    });
    // The rest of the batch goes back as it was: due, behind the failed row, which now waits.
    const rest = mine.slice(sent.length + 1).map((row) => row.id);
    if (rest.length)
      await outbox.updateMany(
        { id: { $in: rest }, status: 'sending', availableAt: claimUntil },
        { $set: { status: 'pending', availableAt: now } },
      );
  }
  return sent.length;
}
