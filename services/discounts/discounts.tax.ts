import { createHash } from 'node:crypto';
import { Errors } from 'moleculer';
import { UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Doc, Store } from '../../mixins/store/store.types';
import { ignoreTaken, tooBusy } from './discounts.usage.ops';
import type { TaxRate, TaxSettings } from './domain/tax.types';

const SETTINGS_ID = 'current';
const CHUNK = 100;

type RateDoc = Doc & TaxRate & { setId: string };
type SettingsDoc = Doc & TaxSettings & { rateSetId?: string; updatedAt: number; version?: number };

export interface TaxView {
  settings: TaxSettings;
  rates: TaxRate[];
}

/** One rate per (country, region, class): `US-CA-standard`, `DE--reduced`. */
const keyOf = (r: Omit<TaxRate, 'id'>) => `${r.country}-${r.region ?? ''}-${r.taxClass}`;
const toRate = ({ setId: _s, ...rate }: RateDoc): TaxRate => rate;
const settingsOf = (doc: SettingsDoc | null): TaxSettings => ({
  inclusiveByCurrency: doc?.inclusiveByCurrency ?? {},
  inclusiveByCountry: doc?.inclusiveByCountry ?? {},
});

/**
 * Tax rates and settings on the `tax` store. A PUT writes a whole new rate set and then points the
 * settings row at it (optimistically): readers see one set or the other, never a mix. Sets are
 * immutable, so each node caches the current one by its id and reads only the settings row per call.
 */
export class TaxAdmin {
  private cached?: { setId: string; rates: TaxRate[] };

  constructor(private readonly store: Store) {}

  private get settingsRow() {
    return this.store.collection<SettingsDoc>('settings');
  }
  private get rateRows() {
    return this.store.collection<RateDoc>('rates');
  }

  /** What pricing needs: one read of the settings row, the rate set from the node's cache when it is current. */
  async current(): Promise<TaxView> {
    const doc = await this.settingsRow.get(SETTINGS_ID);
    return { settings: settingsOf(doc), rates: await this.ratesOf(doc?.rateSetId) };
  }

  async rates(): Promise<{ rates: TaxRate[] }> {
    return { rates: (await this.current()).rates };
  }

  async settings(): Promise<TaxSettings> {
    return settingsOf(await this.settingsRow.get(SETTINGS_ID));
  }

  /** Replaces the whole set. One rate per (country, region, class). */
  async putRates(input: Omit<TaxRate, 'id'>[]): Promise<{ rates: TaxRate[] }> {
    const seen = new Set<string>();
    input.forEach((r, i) => {
      const key = keyOf(r);
      if (seen.has(key))
        throw new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [
          { field: `rates[${i}]`, message: `a second rate for ${key}` },
        ]);
      seen.add(key);
    });
    // The set's id is its content's hash: the same PUT again finds its set current and changes nothing.
    const sorted = [...input].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const content = JSON.stringify(sorted.map((r) => [keyOf(r), r.rateBps]));
    const setId = createHash('sha256').update(content).digest('hex').slice(0, 16);
    const docs: RateDoc[] = sorted.map((r) => ({ ...r, id: `${setId}-${keyOf(r)}`, setId }));
    const current = await this.settingsRow.get(SETTINGS_ID);
    if (current?.rateSetId === setId) return { rates: docs.map(toRate) };
    for (let i = 0; i < docs.length; i += CHUNK) await this.insertAll(docs.slice(i, i + CHUNK));
    const before = await this.point({ rateSetId: setId });
    // A failed removal leaves rows no reader finds; a set pointed at again meanwhile is kept.
    const old = before?.rateSetId;
    if (old && old !== setId && (await this.settingsRow.get(SETTINGS_ID))?.rateSetId !== old)
      await this.rateRows.removeMany({ setId: old });
    return { rates: docs.map(toRate) };
  }

  /**
   * Every row of the chunk exists afterwards, whoever wrote it: a retried or concurrent PUT of the
   * same set, or rows left by an earlier removal that failed. A set is pointed at only once whole,
   * since nodes cache a set by its id for good.
   */
  private async insertAll(chunk: RateDoc[]): Promise<void> {
    try {
      await this.rateRows.insertMany(chunk);
    } catch (err) {
      if (!(err instanceof UniqueConflictError)) throw err;
      for (const doc of chunk) await this.rateRows.insert(doc).catch(ignoreTaken);
    }
  }

  async putSettings(input: TaxSettings): Promise<TaxSettings> {
    await this.point({
      inclusiveByCurrency: input.inclusiveByCurrency ?? {},
      inclusiveByCountry: input.inclusiveByCountry ?? {},
    });
    return this.settings();
  }

  /** Changes the settings row (creating it the first time); returns it as it was. Retries a concurrent change. */
  private async point(set: Partial<SettingsDoc>): Promise<SettingsDoc | null> {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const doc = await this.settingsRow.get(SETTINGS_ID);
      try {
        if (!doc) await this.settingsRow.insert({ id: SETTINGS_ID, ...set, updatedAt: Date.now() });
        else
          await this.settingsRow.update(SETTINGS_ID, { $set: { ...set, updatedAt: Date.now() } }, { expectVersion: doc.version });
        return doc;
      } catch (err) {
        if (!(err instanceof VersionConflictError || err instanceof UniqueConflictError)) throw err;
      }
    }
    throw tooBusy();
  }

  private async ratesOf(setId?: string): Promise<TaxRate[]> {
    if (!setId) return [];
    if (this.cached?.setId !== setId) {
      const rows = await this.rateRows.find({ filter: { setId }, sort: ['country', 'region', 'taxClass'] });
      this.cached = { setId, rates: rows.map(toRate) };
    }
    return this.cached.rates;
  }
}
