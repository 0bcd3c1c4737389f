import { MongoClient } from 'mongodb';
import { startMongoStandIn } from '../../../test/support/mongo-standin';
import { StoreUsageError, UniqueConflictError } from '../store.errors';
import type { Store, StoreSchema } from '../store.types';
import { createMongoStore } from './mongo.store';

const schema: StoreSchema = {
  migrations: [
    {
      name: '0001-people',
      steps: [
        {
          createCollection: {
            name: 'people',
            fields: { email: 'string', nick: 'string', age: 'int', seen: 'timestamp' },
            unique: [['email']],
            indexes: [['nick'], ['seen']],
            expiresAt: 'seen',
            versioned: true,
          },
        },
      ],
    },
  ],
};

/** MongoDB-specific choices the shared contract does not pin down (against the wire stand-in). */
describe('mongo store engine specifics', () => {
  let standIn: Awaited<ReturnType<typeof startMongoStandIn>>;
  let store: Store;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
    store = createMongoStore({ name: 'people', schema, url: standIn.url, database: 'engine_specifics' });
    await store.connect();
  });
  afterAll(async () => {
    await store.disconnect();
    await standIn.stop();
  });

  it('creates deterministic unique, TTL and plain indexes', async () => {
    const client = new MongoClient(standIn.url);
    try {
      const indexes = await client.db('engine_specifics').collection('people').listIndexes().toArray();
      expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'index__nick', 'ttl__seen', 'unique__email']);
      expect(indexes.find((i) => i.name === 'ttl__seen')).toMatchObject({ expireAfterSeconds: 0 });
      expect(indexes.find((i) => i.name === 'unique__email')).toMatchObject({
        unique: true,
        partialFilterExpression: { email: { $exists: true } },
      });
    } finally {
      await client.close();
    }
  });

  it('lets any number of documents lack a unique field, as SQL NULLs do', async () => {
    const people = store.collection('people');
    await people.insertMany([{ id: 'n1' }, { id: 'n2', email: null }]);
    await people.insert({ id: 'e1', email: 'a@b' });
    await expect(people.insert({ id: 'e2', email: 'a@b' })).rejects.toMatchObject({ data: { fields: ['email'] } });
  });

  it('inserts a batch all or nothing', async () => {
    const people = store.collection('people');
    const error = await people
      .insertMany([
        { id: 'b1', email: 'b1@x' },
        { id: 'b2', email: 'a@b' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueConflictError);
    expect(await people.get('b1')).toBeNull();
  });

  it('treats null in $in as matching nothing and rejects bad calls asynchronously', async () => {
    const people = store.collection('people');
    await people.insert({ id: 'in1', nick: 'x', age: 3 });
    expect(await people.count({ filter: { id: { $in: ['in1', null] } } })).toBe(1);
    expect(await people.count({ filter: { nick: { $in: [null] } } })).toBe(0);
    const pending = people.find({ filter: { age: { $regex: 'x' } as never } });
    await expect(pending).rejects.toBeInstanceOf(StoreUsageError);
    await expect(people.update('in1', { $set: { age: 1.5 } })).rejects.toBeInstanceOf(StoreUsageError);
    await expect(people.update('missing', { $set: { age: 1 } }, { expectVersion: 1 })).resolves.toBeNull();
  });

  it('stores timestamps as dates and reads them back as epoch milliseconds', async () => {
    const people = store.collection('people');
    const seen = Date.now() + 60_000;
    await people.insert({ id: 't1', seen });
    expect(await people.get('t1')).toEqual({ id: 't1', seen, version: 1 });
    expect(await people.find({ filter: { seen: { $gt: seen - 1 } } })).toHaveLength(1);
    const client = new MongoClient(standIn.url);
    try {
      const raw = await client.db('engine_specifics').collection<{ _id: string; seen?: Date }>('people').findOne({ _id: 't1' });
      expect(raw?.seen).toEqual(new Date(seen));
    } finally {
      await client.close();
    }
  });
});
