import { UniqueConflictError, VersionConflictError } from '../store/store.errors';
import type { Collection, Doc, MigrationStep } from '../store/store.types';
import { newDataKey, rewrapKey, unwrapKey, wrapKey, type KekSet, type WrappedKey } from './envelope';

/** A data key as its store keeps it: wrapped, with the id of the KEK that wrapped it. */
export type KeyRow = Doc & WrappedKey & { id: string; createdAt: number; rewrappedAt?: number; version?: number };

export const PII_KEYS = 'pii_keys';
/** Collections whose rows from before sealing have all been sealed (one row each). */
export const PII_SEALED = 'pii_sealed';

/** The migration steps that give a store its wrapped data keys. */
export const createPiiKeys: MigrationStep[] = [
  {
    createCollection: {
      name: PII_KEYS,
      fields: { kekId: 'string', wrapped: 'string', createdAt: 'timestamp', rewrappedAt: 'timestamp' },
      versioned: true,
    },
  },
  { createCollection: { name: PII_SEALED, fields: { at: 'timestamp' } } },
];

export interface RewrapReport {
  /** Data keys in the store. */
  keys: number;
  /** Of those, re-wrapped by this call (the rest already were under the current KEK). */
  rewrapped: number;
}

const REWRAP_ATTEMPTS = 5;

/**
 * One store's data keys, unwrapped once per process. A key is created on first use under a fixed
 * id: two nodes racing to create it insert the same id, one wins and the other adopts its key.
 */
export class Keyring {
  private readonly unwrapped = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly rows: Collection<KeyRow>,
    private readonly keks: () => KekSet,
  ) {}

  /** The data key `id`, made on first use. */
  dataKey(id: string): Promise<Buffer> {
    return this.remember(id, () => this.getOrCreate(id));
  }

  /** A data key that must exist already (opening a sealed value). */
  existingKey(id: string): Promise<Buffer> {
    return this.remember(id, async () => {
      const row = await this.rows.get(id);
      if (!row) throw new Error(`PII data key ${id} is missing from its store`);
      return unwrapKey(row, id, this.keks());
    });
  }

  /** Wraps every data key under the current KEK; safe to run on any node, at any time, twice. */
  async rewrapAll(): Promise<RewrapReport> {
    const rows = await this.rows.find({ sort: ['id'] });
    let rewrapped = 0;
    for (const row of rows) if (await this.rewrapOne(row)) rewrapped++;
    return { keys: rows.length, rewrapped };
  }

  private async rewrapOne(first: KeyRow): Promise<boolean> {
    let row: KeyRow | null = first;
    for (let attempt = 1; row && attempt <= REWRAP_ATTEMPTS; attempt++) {
      const next = rewrapKey(row, row.id, this.keks());
      if (!next) return false;
      try {
        // Only over the version it read: a concurrent rotation never has its newer wrap overwritten.
        const done = await this.rows.update(
          row.id,
          { $set: { ...next, rewrappedAt: Date.now() } },
          { expectVersion: row.version },
        );
        return done !== null;
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err;
        row = await this.rows.get(row.id);
      }
    }
    return false;
  }

  private remember(id: string, load: () => Promise<Buffer>): Promise<Buffer> {
    let key = this.unwrapped.get(id);
    if (!key) {
      key = load();
      this.unwrapped.set(id, key);
      // A failure (store down) is not remembered: the next call tries again.
      key.catch(() => this.unwrapped.delete(id));
    }
    return key;
  }

  private async getOrCreate(id: string): Promise<Buffer> {
    const existing = await this.rows.get(id);
    if (existing) return unwrapKey(existing, id, this.keks());
    const key = newDataKey();
    try {
      await this.rows.insert({ id, ...wrapKey(key, id, this.keks().current), createdAt: Date.now() });
      return key;
    } catch (err) {
      if (!(err instanceof UniqueConflictError)) throw err;
      const winner = await this.rows.get(id);
      if (!winner) throw err;
      return unwrapKey(winner, id, this.keks());
    }
  }
}
