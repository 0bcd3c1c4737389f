import { UniqueConflictError, VersionConflictError } from '../store/store.errors';
import type { Change, Collection, Doc, FindOptions, Store, UpdateOptions, WriteOp } from '../store/store.types';
import type { KekSet } from './envelope';
import { isSealed } from './envelope';
import { FieldCodec, type SealSpec } from './field-codec';
import { Keyring, PII_KEYS, PII_SEALED, type KeyRow, type RewrapReport } from './keyring';

/** A store whose personal fields are sealed at rest; everything else passes straight through. */
export interface SealedStore extends Store {
  readonly keyring: Keyring;
  rewrap(): Promise<RewrapReport>;
  /** Seals values written before sealing existed; returns how many documents changed. */
  sealExisting(): Promise<number>;
}

const PAGE = 200;

function sealedCollection<T extends Doc>(inner: Collection<T>, codec: FieldCodec): Collection<T> {
  const out = (d: T | null) => codec.decodeDoc(d);
  const where = async (options?: UpdateOptions) => options && { ...options, where: await codec.encodeFilter(options.where) };
  return {
    def: inner.def,
    insert: async (doc) => (await out(await inner.insert(await codec.encodeDoc(doc))))!,
    insertMany: async (docs) => codec.decodeAll(await inner.insertMany(await Promise.all(docs.map((d) => codec.encodeDoc(d))))),
    get: async (id) => out(await inner.get(id)),
    getMany: async (ids) => codec.decodeAll(await inner.getMany(ids)),
    find: async (options?: FindOptions) => codec.decodeAll(await inner.find(await codec.encodeFind(options))),
    count: async (options) => inner.count(await codec.encodeFind(options)),
    scan: async (options) => {
      const page = await inner.scan(options);
      return { docs: await codec.decodeAll(page.docs), cursor: page.cursor };
    },
    update: async (id, change, options) => out(await inner.update(id, await codec.encodeChange(change), await where(options))),
    updateMany: async (filter, change) => inner.updateMany((await codec.encodeFilter(filter))!, await codec.encodeChange(change)),
    remove: async (id, options) => out(await inner.remove(id, await where(options))),
    removeMany: async (filter) => inner.removeMany((await codec.encodeFilter(filter))!),
    purgeExpired: () => inner.purgeExpired(),
  };
}

async function encodeOp(op: WriteOp, codec: FieldCodec | undefined): Promise<WriteOp> {
  if (!codec) return op;
  if (op.op === 'insert') return { ...op, doc: await codec.encodeDoc(op.doc) };
  const filtered = { ...op, where: await codec.encodeFilter(op.where) };
  return op.op === 'update' ? { ...filtered, change: await codec.encodeChange(op.change), op: 'update' } : filtered;
}

export function sealStore(inner: Store, spec: SealSpec, keks: () => KekSet): SealedStore {
  const keyring = new Keyring(inner.collection<KeyRow>(PII_KEYS), keks);
  const codecs = new Map(Object.entries(spec).map(([name, fields]) => [name, new FieldCodec(name, fields, keyring)]));

  /** Seals one collection's plaintext documents, each only if unchanged since it was read. */
  async function sealCollection(name: string, codec: FieldCodec): Promise<number> {
    const raw = inner.collection(name);
    const sealedFields = spec[name].fields;
    const pending = (d: Doc) =>
      sealedFields.some((f) => d[f] != null && !isSealed(d[f])) ||
      Object.entries(spec[name].hashed ?? {}).some(([f, h]) => typeof d[f] === 'string' && d[h.into] == null);
    let changed = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await raw.find({ sort: ['id'], limit: PAGE, offset });
      for (const doc of page.filter(pending)) {
        const plain = (await codec.decodeDoc(doc))!;
        const set = Object.fromEntries(sealedFields.filter((f) => plain[f] != null).map((f) => [f, plain[f]]));
        const change: Change = await codec.encodeChange({ $set: set });
        const guard = sealedFields.find((f) => typeof doc[f] === 'string' && !isSealed(doc[f]));
        const options: UpdateOptions = raw.def.versioned
          ? { expectVersion: doc.version as number }
          : { where: guard ? { [guard]: doc[guard] as string } : undefined };
        // A lost race means another node (or a write) sealed it first: nothing to do.
        const done = await raw.update(doc.id, change, options).catch((err: unknown) => {
          if (err instanceof VersionConflictError) return null;
          throw err;
        });
        if (done) changed++;
      }
      if (page.length < PAGE) return changed;
    }
  }

  const store: SealedStore = {
    engine: inner.engine,
    name: inner.name,
    keyring,
    async connect() {
      await inner.connect();
      await store.sealExisting();
    },
    disconnect: () => inner.disconnect(),
    ping: () => inner.ping(),
    collection<T extends Doc = Doc>(name: string): Collection<T> {
      const codec = codecs.get(name);
      return codec ? sealedCollection(inner.collection<T>(name), codec) : inner.collection<T>(name);
    },
    async atomic(ops) {
      await inner.atomic(await Promise.all(ops.map((op) => encodeOp(op, codecs.get(op.collection)))));
    },
    migrateDown: (steps) => inner.migrateDown(steps),
    appliedMigrations: () => inner.appliedMigrations(),
    rewrap: () => keyring.rewrapAll(),
    /** Once per collection: a marker row says a full pass found nothing left in plaintext. */
    async sealExisting() {
      const done = inner.collection(PII_SEALED);
      let changed = 0;
      for (const [name, codec] of codecs) {
        if (await done.get(name)) continue;
        changed += await sealCollection(name, codec);
        await done.insert({ id: name, at: Date.now() }).catch((err: unknown) => {
          if (!(err instanceof UniqueConflictError)) throw err;
        });
      }
      return changed;
    },
  };
  return store;
}
