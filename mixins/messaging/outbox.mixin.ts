import type { Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import type { StoreName } from '../../config/stores';
import type { Collection, Store } from '../store/store.types';
import { OUTBOX, retryDelayMs, type OutboxRow } from './outbox';

const POLL_MS = 500;
const BATCH = 50;
const CLAIM_MS = 30_000;

export interface OutboxMethods {
  /** Publishes what is pending now instead of at the next poll; call after committing a unit with events. */
  flushOutbox(): Promise<number>;
}
interface OutboxVars {
  outboxTimer?: NodeJS.Timeout;
  outboxRunning?: Promise<number>;
  store(name: StoreName): Store;
  ensureConnected(name: StoreName): Promise<void>;
}
type OutboxThis = Service & OutboxVars & OutboxMethods;

/**
 * Relays a service's outbox to the broker. Rows are claimed with a conditional update, so relays
 * on several nodes of one service never send the same row at the same time; a relay that dies
 * mid-send leaves a claim that lapses and the row is sent again (consumers dedupe on the id).
 */
export function OutboxMixin(storeName: StoreName): Partial<ServiceSchema> {
  const mixin: ServiceSchema<ServiceSettingSchema, OutboxMethods, OutboxVars> = {
    name: '',
    methods: {
      flushOutbox(this: OutboxThis): Promise<number> {
        // One relay pass at a time per node; a flush during a pass joins it.
        // The first passes may come before the store has connected (mixins start side by side): they wait for it.
        this.outboxRunning ??= this.ensureConnected(storeName)
          .then(() =>
            relayOutbox(this.store(storeName).collection<OutboxRow>(OUTBOX.name), {
              emit: (event, payload) => this.broker.emit(event, payload),
              warn: (m) => this.logger.warn(m),
            }),
          )
          .finally(() => (this.outboxRunning = undefined));
        return this.outboxRunning;
      },
    },
    started(this: OutboxThis) {
      this.outboxTimer = setInterval(
        () => void this.flushOutbox().catch((err: Error) => this.logger.warn(`Outbox relay: ${err.message}`)),
        POLL_MS,
      );
      this.outboxTimer.unref();
    },
    async stopped(this: OutboxThis) {
      clearInterval(this.outboxTimer);
      await this.outboxRunning?.catch(() => undefined);
    },
  };
  return mixin as unknown as Partial<ServiceSchema>;
}

export interface RelayTarget {
  emit(event: string, payload: unknown): Promise<unknown> | unknown;
  warn(message: string): void;
}

/** One relay pass: claims due rows, publishes each, marks it sent (or schedules a retry). Returns how many were sent. */
export async function relayOutbox(outbox: Collection<OutboxRow>, target: RelayTarget): Promise<number> {
  const now = Date.now();
  const due = [
    ...(await outbox.find({ filter: { status: 'pending', availableAt: { $lte: now } }, sort: ['createdAt'], limit: BATCH })),
    ...(await outbox.find({ filter: { status: 'sending', availableAt: { $lt: now } }, sort: ['createdAt'], limit: BATCH })),
  ];
  let sent = 0;
  for (const row of due) {
    const claimed = await outbox.update(
      row.id,
      { $set: { status: 'sending', availableAt: now + CLAIM_MS } },
      { where: { status: row.status, availableAt: row.availableAt } },
    );
    if (!claimed) continue;
    try {
      await target.emit(row.event, row.payload);
      await outbox.update(row.id, { $set: { status: 'sent', publishedAt: Date.now() } });
      sent++;
    } catch (err) {
      target.warn(`Outbox: publishing ${row.event} ${row.id} failed: ${(err as Error).message}`);
      await outbox.update(row.id, {
        $set: { status: 'pending', availableAt: Date.now() + retryDelayMs(row.attempts + 1) },
        $inc: { attempts: 1 },
      });
    }
  }
  return sent;
}
