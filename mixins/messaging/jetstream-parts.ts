import {
  AckPolicy,
  DeliverPolicy,
  headers,
  JSONCodec,
  nanos,
  StorageType,
  type JetStreamManager,
  type MsgHdrs,
  type StreamConfig,
} from 'nats';
import type { DeadLetter, RetryPolicy } from './event-bus';

/** The JetStream bus's set-up (streams, durable consumers) and its dead letters. */

const RETAIN_MS = 7 * 24 * 3600_000;
const DUPLICATE_WINDOW_MS = 2 * 60_000;
const ACK_WAIT_MS = 30_000;

/** File-backed, kept a week, duplicates dropped by message id for 2 minutes. */
export function streamConfig(name: string, subjects: string[], extra: Partial<StreamConfig> = {}): Partial<StreamConfig> {
  return {
    name,
    subjects,
    storage: StorageType.File,
    max_age: nanos(RETAIN_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    ...extra,
  };
}

/** The group's durable pull consumer on one subject, created or brought to the current retry policy. */
export async function ensureDurable(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  subject: string,
  retry: RetryPolicy,
): Promise<void> {
  const settings = { ack_wait: nanos(ACK_WAIT_MS), max_deliver: retry.maxAttempts + 2 };
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ...settings,
    });
  } catch {
    // It exists with other settings (a deploy changed the retry policy): take the new ones.
    await jsm.consumers.update(stream, durable, settings);
  }
}

// Dead letters are messages of one stream, `<ns>.dlq.<group>.<event>`; a letter's id is its stream sequence.

/** A replayed dead letter carries its group: other groups acknowledge it without handling it. */
export const REPLAY_GROUP = 'Shop-Replay-Group';

export const messageCodec = JSONCodec<unknown>();
export type Letter = Omit<DeadLetter, 'id'>;
/** The direct-get API is on the manager object but not on its exported type. */
type DirectGet = {
  direct: { getMessage(stream: string, q: { seq: number; next_by_subj: string }): Promise<{ seq: number; json<T>(): T }> };
};

/** The first `limit` letters under `subjects` (a `<ns>.dlq.<group>.` prefix), oldest first. */
export async function listLetters(jsm: JetStreamManager, stream: string, prefix: string, limit: number): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (let seq = 1; out.length < limit;) {
    const found = await (jsm as JetStreamManager & DirectGet).direct
      .getMessage(stream, { seq, next_by_subj: `${prefix}>` })
      .catch(() => null);
    if (!found) break;
    out.push({ ...found.json<Letter>(), id: String(found.seq) });
    seq = found.seq + 1;
  }
  return out;
}

/** One letter by id, only when it lies under `prefix` (one group cannot read another's). */
export async function getLetter(jsm: JetStreamManager, stream: string, prefix: string, id: string): Promise<DeadLetter | null> {
  if (!/^\d{1,15}$/.test(id)) return null;
  const found = await jsm.streams.getMessage(stream, { seq: Number(id) }).catch(() => null);
  if (!found || !found.subject.startsWith(prefix)) return null;
  return { ...found.json<Letter>(), id };
}

export function replayHeaders(group: string): MsgHdrs {
  const h = headers();
  h.set(REPLAY_GROUP, group);
  return h;
}
