import { UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Collection, Filter } from '../../mixins/store/store.types';
import { StaleSagaError } from '../../sagas/saga.errors';
import type { SagaQuery, SagaRepository } from '../../sagas/saga.repository';
import { ACTIVE_STATUSES, type SagaDoc } from '../../sagas/saga.state';
import type { SagaSignal } from '../../sagas/saga.types';

/** A signal in the `saga_signals` collection, keyed `<sagaId>/<key>` (a saga id never holds a slash). */
export type SignalDoc = SagaSignal & { id: string; sagaId: string };

/** The saga document's fields a save writes (also the bench floor's write list). */
export const SAGA_STATE_FIELDS = [
  'type',
  'status',
  'data',
  'steps',
  'finalizer',
  'failure',
  'parked',
  'waiting',
  'autoResumes',
  'leaseOwner',
  'leaseUntil',
  'createdAt',
  'updatedAt',
  'finishedAt',
] as const;

/** The engine's repository on the platform's Store contract (the `saga` store, PostgreSQL by default). */
export function storeSagaRepository(sagas: Collection<SagaDoc>, signals: Collection<SignalDoc>): SagaRepository {
  const signalOf = ({ name, key, data, receivedAt }: SignalDoc): SagaSignal => ({ name, key, data, receivedAt });
  return {
    async create(doc) {
      try {
        return await sagas.insert(doc);
      } catch (err) {
        if (err instanceof UniqueConflictError) return null;
        throw err;
      }
    },
    get: (id) => sagas.get(id),
    async save(doc, expectVersion) {
      // Every field is written, absent ones as null (which unsets them): the document is exactly this state.
      const $set = Object.fromEntries(SAGA_STATE_FIELDS.map((f) => [f, doc[f] ?? null]));
      try {
        const saved = await sagas.update(doc.id, { $set }, { expectVersion });
        if (!saved) throw new StaleSagaError(doc.id);
        return saved;
      } catch (err) {
        if (err instanceof VersionConflictError) throw new StaleSagaError(doc.id);
        throw err;
      }
    },
    lapsed: (now, limit) =>
      sagas.find({ filter: { status: { $in: [...ACTIVE_STATUSES] }, leaseUntil: { $lt: now } }, sort: ['leaseUntil'], limit }),
    async list({ status, type, offset, limit }: SagaQuery) {
      const filter: Filter = { ...(status ? { status } : {}), ...(type ? { type } : {}) };
      const [rows, total] = await Promise.all([
        sagas.find({ filter, sort: ['-createdAt'], offset, limit }),
        sagas.count({ filter }),
      ]);
      return { rows, total };
    },
    async addSignal(sagaId, signal) {
      const id = `${sagaId}/${signal.key}`;
      try {
        return { signal: signalOf(await signals.insert({ ...signal, id, sagaId })), created: true };
      } catch (err) {
        // The id is the guard: of racing deliveries with one key, one insert wins and the rest read it.
        if (!(err instanceof UniqueConflictError)) throw err;
        const kept = await signals.get(id);
        if (!kept) throw err;
        return { signal: signalOf(kept), created: false };
      }
    },
    signals: async (sagaId) => (await signals.find({ filter: { sagaId }, sort: ['receivedAt'] })).map(signalOf),
  };
}
