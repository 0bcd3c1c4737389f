import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreSchema } from '../store.types';
import { createPostgresStore } from './postgres.store';

/** Embedded mode's layout: one PGlite per directory, every store in its own schema of it. */
const schema: StoreSchema = {
  migrations: [{ name: '0001', steps: [{ createCollection: { name: 'things', fields: { label: 'string' } } }] }],
};
const dir = mkdtempSync(path.join(os.tmpdir(), 'pglite-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (name: string) => createPostgresStore({ name, schema, connection: { kind: 'pglite', dataDir: dir, schema: name } });

it('stores of one directory share an instance, each in its own schema with its own migrations; data outlives a reopen', async () => {
  const a = open('alpha');
  const b = open('order-history');
  await Promise.all([a.connect(), b.connect()]);
  await b.collection('things').insert({ id: '1', label: 'in history' });
  // Interleaved writes and a unit on each: every statement lands in its own store's schema.
  await Promise.all([
    a.collection('things').insert({ id: '1', label: 'in alpha' }),
    a.atomic([{ op: 'insert', collection: 'things', doc: { id: '2', label: 'alpha two' } }]),
    b.atomic([{ op: 'update', collection: 'things', id: '1', change: { $set: { label: 'history, changed' } } }]),
  ]);
  expect((await a.collection('things').find({ sort: ['id'] })).map((d) => d.label)).toEqual(['in alpha', 'alpha two']);
  expect(await b.collection('things').get('1')).toMatchObject({ label: 'history, changed' });
  expect(await a.appliedMigrations()).toEqual(['0001']);
  expect(await b.appliedMigrations()).toEqual(['0001']);

  // Closing the last store closes the instance; a store opened at once waits for it, then finds the data.
  await a.disconnect();
  const closing = b.disconnect();
  const again = open('alpha');
  const reconnected = again.connect();
  await closing;
  await reconnected;
  expect(await again.collection('things').count()).toBe(2);
  await again.disconnect();
}, 60_000);
