import { UniqueConflictError } from '../store/store.errors';
import type { Collection } from '../store/store.types';
import type { EventEnvelope } from './messaging.types';
import type { OutboxRow } from './outbox';

/** The lease's row in the service's own outbox: status `lease`, so relays, purges and the auditor pass it by. */
export const LEASE_ID = '$relay-lease';
const LEASE_MS = 10_000;

/**
 * Which node of a service relays its outbox. Two relays that both send would each publish their
 * own batch, interleaved: events of one order could reach the bus out of order. The holder renews
 * the lease while it has work; another node takes over once it lapses (the holder died or went
 * idle). A relay stalled for longer than the lease can still overlap its successor once: the
 * price of not blocking for ever on a dead node.
 */
export class RelayLease {
  private heldUntil = 0;

  constructor(
    private readonly outbox: Collection<OutboxRow>,
    private readonly owner: string,
    private readonly leaseMs = LEASE_MS,
  ) {}

  /** Whether this node may relay now: holds the lease, renewing it once a third of it has passed. */
  async hold(now = Date.now()): Promise<boolean> {
    if (this.heldUntil - now > (this.leaseMs * 2) / 3) return true;
    const row = await this.outbox.get(LEASE_ID);
    const until = now + this.leaseMs;
    const lease = { owner: this.owner } as unknown as EventEnvelope;
    if (!row) {
      try {
        await this.outbox.insert({
          id: LEASE_ID,
          event: '$lease',
          payload: lease,
          status: 'lease',
          attempts: 0,
          availableAt: until,
          createdAt: 0,
        });
      } catch (err) {
        if (err instanceof UniqueConflictError) return false;
        throw err;
      }
      this.heldUntil = until;
      return true;
    }
    const holder = (row.payload as unknown as { owner?: string }).owner;
    if (holder !== this.owner && row.availableAt > now) return false;
    const taken = await this.outbox.update(
      LEASE_ID,
      { $set: { payload: lease, availableAt: until } },
      { where: { availableAt: row.availableAt } },
    );
    this.heldUntil = taken ? until : 0;
    return !!taken;
  }

  /** Hands the lease on at once (the node is stopping), if this node holds it. */
  async release(): Promise<void> {
    if (this.heldUntil <= Date.now()) return;
    this.heldUntil = 0;
    const row = await this.outbox.get(LEASE_ID);
    if ((row?.payload as unknown as { owner?: string } | undefined)?.owner !== this.owner) return;
    await this.outbox.update(LEASE_ID, { $set: { availableAt: 0 } }, { where: { availableAt: row!.availableAt } });
  }
}
