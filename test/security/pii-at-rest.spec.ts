import { randomBytes } from 'node:crypto';
import type { Kek, KekSet } from '../../mixins/pii/envelope';
import type { SealSpec } from '../../mixins/pii/field-codec';
import { createPiiKeys, PII_KEYS } from '../../mixins/pii/keyring';
import { normalizeEmail } from '../../mixins/pii/normalize';
import { sealStore, type SealedStore } from '../../mixins/pii/sealed-store';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Doc, Store, StoreSchema } from '../../mixins/store/store.types';
import { requireOrSkip, type EngineHarness } from '../support/engine-harness';
import { dynamoHarness } from '../support/harness.dynamodb';
import { mongoHarness } from '../support/harness.mongo';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';

/**
 * Personal data sealed at rest on every engine a store can run on: the raw documents hold no
 * email, name, phone or address line; lookups by email still work (keyed hash); rows written in
 * plaintext before are sealed in place; rotating the KEK re-wraps every data key and reads go on.
 */
const schema: StoreSchema = {
  migrations: [
    {
      name: '0001-pii',
      steps: [
        {
          createCollection: {
            name: 'profiles',
            fields: { email: 'string', name: 'string', phone: 'string', emailHash: 'string', createdAt: 'timestamp' },
            unique: [['emailHash']],
            versioned: true,
          },
        },
        {
          createCollection: {
            name: 'addresses',
            fields: { userId: 'string', name: 'string', line1: 'string', city: 'string', snapshot: 'json' },
            indexes: [['userId']],
          },
        },
        ...createPiiKeys,
      ],
    },
  ],
};
const spec: SealSpec = {
  profiles: { fields: ['email', 'name', 'phone'], hashed: { email: { into: 'emailHash', normalize: normalizeEmail } } },
  addresses: { fields: ['name', 'line1', 'city', 'snapshot'] },
};
const kek = (id: string): Kek => ({ id, key: randomBytes(32) });
const keksOf = (current: Kek, ...more: Kek[]): KekSet => ({ current, all: new Map([current, ...more].map((k) => [k.id, k])) });
const uid = () => randomBytes(6).toString('hex');

function piiSuite(harness: EngineHarness): void {
  describe(`PII at rest: ${harness.label}`, () => {
    let ready = false;
    let raw: Store;
    const k1 = kek('k1');
    let sealed: SealedStore;
    beforeAll(async () => {
      ready = requireOrSkip(await harness.setup(), harness.label);
      if (!ready) return;
      raw = await harness.createStore('pii', schema);
      sealed = sealStore(raw, spec, () => keksOf(k1));
    }, 120_000);
    afterAll(async () => {
      if (ready) await raw.disconnect();
      await harness.teardown();
    }, 60_000);
    const it_ = (name: string, fn: () => Promise<void>) => it(name, async () => (ready ? fn() : undefined), 60_000);
    const rawText = async () => {
      const all = await Promise.all(['profiles', 'addresses', PII_KEYS].map((c) => raw.collection(c).find()));
      return JSON.stringify(all);
    };

    it_('stores no plaintext, answers in plaintext, and finds by email in any spelling', async () => {
      const id = uid();
      const person = { id, email: `ann.${id}@example.com`, name: `Ann Lovelace${id}`, phone: '+4915112345678', createdAt: 1 };
      expect(await sealed.collection('profiles').insert(person)).toEqual({ ...person, version: 1 });
      const address = { userId: id, name: `Ann Lovelace${id}`, line1: `12 Analytical Way ${id}`, city: 'Londonderry' };
      await sealed.atomic([
        { op: 'insert', collection: 'addresses', doc: { id: `a-${id}`, ...address, snapshot: { line1: `9 Engine Row ${id}` } } },
        { op: 'update', collection: 'profiles', id, change: { $set: { phone: '+4915187654321' } }, expectVersion: 1 },
      ]);
      const text = await rawText();
      for (const plain of [person.email, id + '@', 'Lovelace', '12345678', '87654321', 'Analytical', 'Engine Row', 'Londonderry'])
        expect(text).not.toContain(plain);
      const profiles = sealed.collection('profiles');
      expect(await profiles.get(id)).toEqual({ ...person, phone: '+4915187654321', version: 2 });
      const [found] = await profiles.find({ filter: { email: `ＡNN.${id}@EXAMPLE.com` } });
      expect(found?.id).toBe(id);
      expect(await profiles.count({ search: { text: person.email, fields: ['email', 'name'] } })).toBe(1);
      expect((await sealed.collection('addresses').find({ filter: { userId: id } }))[0]).toMatchObject({
        ...address,
        snapshot: { line1: `9 Engine Row ${id}` },
      });
      expect(Object.keys((await profiles.get(id))!)).not.toContain('emailHash');
    });

    it_('lets exactly one of many parallel sign-ups take an email (unique keyed hash)', async () => {
      const email = `race-${uid()}@example.com`;
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          sealed
            .collection('profiles')
            .insert({ id: uid(), email: i % 2 ? email.toUpperCase() : email, name: 'R', createdAt: i }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UniqueConflictError);
    });

    it_('seals rows written in plaintext before, once, and still reads them', async () => {
      const id = uid();
      await raw.collection('profiles').insert({ id, email: `old.${id}@example.com`, name: `Old Timer${id}`, createdAt: 2 });
      await raw
        .collection('addresses')
        .insert({ id: `a-${id}`, userId: id, name: 'Old', line1: `3 Legacy Lane ${id}`, city: 'X' });
      // A fresh process (another node starting, or `npm run migrate`): its own marker table is not set for new collections.
      const again = sealStore(raw, spec, () => keksOf(k1));
      await raw.collection('pii_sealed').removeMany({});
      await Promise.all([again.sealExisting(), sealed.sealExisting()]);
      expect(await rawText()).not.toMatch(new RegExp(`old\\.${id}|Old Timer|Legacy Lane`));
      expect(await again.collection('profiles').get(id)).toMatchObject({
        email: `old.${id}@example.com`,
        name: `Old Timer${id}`,
      });
      const [byEmail] = await again.collection('profiles').find({ filter: { email: `old.${id}@example.com` } });
      expect(byEmail?.id).toBe(id);
    });

    it_('makes one data key when nodes seal their first values at once: each reads what the other wrote', async () => {
      const fresh = await harness.createStore('pii_fresh', schema);
      try {
        const nodes = Array.from({ length: 8 }, () => sealStore(fresh, spec, () => keksOf(k1)));
        const ids = await Promise.all(
          nodes.map(
            async (node, i) =>
              (await node.collection('addresses').insert({ id: uid(), userId: 'u', name: `N${i}`, line1: 'L', city: 'C' })).id,
          ),
        );
        expect(await fresh.collection(PII_KEYS).count()).toBe(1);
        for (const node of nodes)
          expect((await node.collection('addresses').getMany(ids)).map((a) => a.name).sort()).toEqual(
            nodes.map((_, i) => `N${i}`),
          );
      } finally {
        await fresh.disconnect();
      }
    });

    it_('rotates: every data key re-wrapped under the new KEK (also when two nodes rotate at once); reads go on', async () => {
      const before = (await raw.collection(PII_KEYS).find()) as (Doc & { kekId: string })[];
      expect(before.length).toBeGreaterThanOrEqual(3); // profiles, addresses, index
      const k2 = kek('k2');
      const during = keksOf(k2, k1);
      const [a, b] = [sealStore(raw, spec, () => during), sealStore(raw, spec, () => during)];
      const reports = await Promise.all([a.rewrap(), b.rewrap()]);
      expect(reports[0].rewrapped + reports[1].rewrapped).toBe(before.length);
      const after = (await raw.collection(PII_KEYS).find()) as (Doc & { kekId: string })[];
      expect(after.map((k) => k.kekId)).toEqual(after.map(() => 'k2'));
      // The old KEK can now go: a node that knows only k2 reads everything written under k1.
      const onlyNew = sealStore(raw, spec, () => keksOf(k2));
      const rows = await onlyNew.collection('profiles').find();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => typeof r.email === 'string' && r.email.includes('@'))).toBe(true);
      expect(await onlyNew.rewrap()).toEqual({ keys: after.length, rewrapped: 0 });
    });
  });
}

for (const harness of [postgresServerHarness(), pgliteHarness(), dynamoHarness(), mongoHarness()]) piiSuite(harness);
