import { StaleSagaError } from '../saga.errors';
import type { SagaQuery, SagaRepository } from '../saga.repository';
import { ACTIVE_STATUSES, type SagaDoc } from '../saga.state';
import type { SagaSignal } from '../saga.types';

const copy = <T>(v: T): T => structuredClone(v);

/** The repository contract in memory, for the engine's unit tests; keeps every write for inspection. */
export class MemoryRepository implements SagaRepository {
  readonly docs = new Map<string, SagaDoc>();
  readonly writes: SagaDoc[] = [];
  readonly mailbox = new Map<string, SagaSignal[]>();

  async create(doc: SagaDoc): Promise<SagaDoc | null> {
    if (this.docs.has(doc.id)) return null;
    const stored = { ...copy(doc), version: 1 };
    this.docs.set(doc.id, stored);
    this.writes.push(copy(stored));
    return copy(stored);
  }

  async get(id: string): Promise<SagaDoc | null> {
    const doc = this.docs.get(id);
    return doc ? copy(doc) : null;
  }

  async save(doc: SagaDoc, expectVersion: number): Promise<SagaDoc> {
    const current = this.docs.get(doc.id);
    if (!current || current.version !== expectVersion) throw new StaleSagaError(doc.id);
    const stored = { ...copy(doc), version: expectVersion + 1 };
    this.docs.set(doc.id, stored);
    this.writes.push(copy(stored));
    return copy(stored);
  }

  async lapsed(now: number, limit: number): Promise<SagaDoc[]> {
    return [...this.docs.values()]
      .filter((d) => ACTIVE_STATUSES.includes(d.status) && d.leaseUntil < now)
      .sort((a, b) => a.leaseUntil - b.leaseUntil)
      .slice(0, limit)
      .map(copy);
  }

  async list(q: SagaQuery): Promise<{ rows: SagaDoc[]; total: number }> {
    const all = [...this.docs.values()].filter((d) => (!q.status || d.status === q.status) && (!q.type || d.type === q.type));
    return { rows: all.slice(q.offset, q.offset + q.limit).map(copy), total: all.length };
  }

  async addSignal(sagaId: string, signal: SagaSignal): Promise<{ signal: SagaSignal; created: boolean }> {
    const box = this.mailbox.get(sagaId) ?? [];
    const kept = box.find((s) => s.key === signal.key);
    if (kept) return { signal: copy(kept), created: false };
    this.mailbox.set(sagaId, [...box, copy(signal)]);
    return { signal: copy(signal), created: true };
  }

  async signals(sagaId: string): Promise<SagaSignal[]> {
    // Oldest first, ties by key: as the store sorts (by receivedAt, then the id `<sagaId>/<key>`).
    const byAge = (a: SagaSignal, b: SagaSignal) => a.receivedAt - b.receivedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return [...(this.mailbox.get(sagaId) ?? [])].sort(byAge).map(copy);
  }
}
