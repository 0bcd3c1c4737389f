import { MongoClient, MongoServerError } from 'mongodb';
import { startMongoStandIn } from './index';

/** The stand-in is a test double for mongod; these checks pin down the behaviour the adapter relies on. */
describe('MongoDB wire stand-in (official driver)', () => {
  let standIn: Awaited<ReturnType<typeof startMongoStandIn>>;
  let client: MongoClient;
  let dbCount = 0;
  const freshDb = () => client.db(`standin_${dbCount++}`);

  beforeAll(async () => {
    standIn = await startMongoStandIn({ ttlSweepMs: 50 });
    client = new MongoClient(standIn.url, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await standIn.stop();
  });

  it('handshakes as a replica-set primary that supports sessions', async () => {
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, setName: 'rs0', logicalSessionTimeoutMinutes: 30 });
    await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('streams awaitable heartbeats (exhaust hello) without the monitor ever failing', async () => {
    const monitored = new MongoClient(standIn.url, { heartbeatFrequencyMS: 500 });
    const failures: unknown[] = [];
    let awaited = 0;
    monitored.on('serverHeartbeatFailed', (event) => failures.push(event.failure));
    monitored.on('serverHeartbeatSucceeded', (event) => (awaited += event.awaited ? 1 : 0));
    try {
      await monitored.connect();
      await new Promise((resolve) => setTimeout(resolve, 1800));
      await expect(monitored.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
      expect(failures).toEqual([]);
      expect(awaited).toBeGreaterThanOrEqual(2);
    } finally {
      await monitored.close();
    }
  });

  it('answers an unknown command with CommandNotFound', async () => {
    const error = await client
      .db('admin')
      .command({ frobnicate: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('finds, sorts, pages, counts, updates and deletes', async () => {
    const coll = freshDb().collection<{ _id: string; n: number; tag?: string }>('items');
    await coll.insertMany([1, 2, 3, 4].map((n) => ({ _id: `i${n}`, n, tag: n % 2 ? 'odd' : 'even' })));
    expect((await coll.find({ n: { $gte: 2 } }, { sort: { n: -1 }, skip: 1, limit: 2 }).toArray()).map((d) => d.n)).toEqual([
      3, 2,
    ]);
    expect(await coll.countDocuments({ tag: 'odd' })).toBe(2);
    expect(await coll.findOneAndUpdate({ _id: 'i1' }, { $inc: { n: 10 } }, { returnDocument: 'after' })).toMatchObject({ n: 11 });
    expect(await coll.updateMany({ tag: 'even' }, { $unset: { tag: '' } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect((await coll.deleteMany({ tag: { $exists: false } })).deletedCount).toBe(2);
    expect(await coll.findOneAndDelete({ _id: 'i3' })).toMatchObject({ _id: 'i3', n: 3 });
  });

  it('enforces unique indexes with code 11000 naming the index, and honours partial filters', async () => {
    const coll = freshDb().collection<{ _id: string; email?: string }>('users');
    await coll.createIndex(
      { email: 1 },
      { name: 'by_email', unique: true, partialFilterExpression: { email: { $exists: true } } },
    );
    await coll.insertOne({ _id: 'a', email: 'x@y' });
    const error = await coll.insertOne({ _id: 'b', email: 'x@y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000 });
    expect((error as MongoServerError).message).toMatch(/index: by_email dup key/);
    expect((error as MongoServerError).errorResponse).toMatchObject({ keyPattern: { email: 1 }, keyValue: { email: 'x@y' } });
    const dupId = await coll.insertOne({ _id: 'a' }).catch((e: unknown) => e);
    expect((dupId as MongoServerError).message).toMatch(/index: _id_ dup key/);
    // Documents without the field are outside the partial index, so they never clash.
    await coll.insertMany([{ _id: 'c' }, { _id: 'd' }]);
    expect(await coll.countDocuments()).toBe(3);
  });

  it('rolls an aborted transaction back and keeps a committed one', async () => {
    const coll = freshDb().collection<{ _id: string; n: number }>('accounts');
    await coll.insertOne({ _id: 'acc', n: 10 });
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.updateOne({ _id: 'acc' }, { $inc: { n: -5 } }, { session });
      await coll.insertOne({ _id: 'tmp', n: 1 }, { session });
      expect(await coll.findOne({ _id: 'acc' }, { session })).toMatchObject({ n: 5 });
      await session.abortTransaction();
      expect(await coll.findOne({ _id: 'acc' })).toMatchObject({ n: 10 });
      expect(await coll.findOne({ _id: 'tmp' })).toBeNull();

      await session.withTransaction(async () => {
        await coll.updateOne({ _id: 'acc' }, { $inc: { n: 1 } }, { session });
      });
      expect(await coll.findOne({ _id: 'acc' })).toMatchObject({ n: 11 });
    } finally {
      await session.endSession();
    }
  });

  it('makes other clients wait while a transaction is open, so they never see uncommitted writes', async () => {
    const coll = freshDb().collection<{ _id: string }>('queue');
    const session = client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 'pending' }, { session });
      const outsider = coll.findOne({ _id: 'pending' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await session.abortTransaction();
      expect(await outsider).toBeNull();
    } finally {
      await session.endSession();
    }
  });

  it('a duplicate key inside a transaction aborts it', async () => {
    const coll = freshDb().collection<{ _id: string; n?: number }>('txdup');
    await coll.insertOne({ _id: 'taken' });
    const session = client.startSession();
    try {
      const error = await session
        .withTransaction(async () => {
          await coll.insertOne({ _id: 'new' }, { session });
          await coll.insertOne({ _id: 'taken' }, { session });
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 11000 });
      expect(await coll.findOne({ _id: 'new' })).toBeNull();
    } finally {
      await session.endSession();
    }
  });

  it('sweeps documents past a TTL index', async () => {
    const coll = freshDb().collection<{ _id: string; at: Date }>('sessions');
    await coll.createIndex({ at: 1 }, { name: 'ttl_at', expireAfterSeconds: 0 });
    await coll.insertMany([
      { _id: 'old', at: new Date(Date.now() - 1000) },
      { _id: 'new', at: new Date(Date.now() + 3_600_000) },
    ]);
    const deadline = Date.now() + 2000;
    while ((await coll.countDocuments()) > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await coll.find().toArray()).map((d) => d._id)).toEqual(['new']);
  });

  it('creates, lists and drops indexes and collections', async () => {
    const db = freshDb();
    await db.createCollection('things');
    await expect(db.createCollection('things')).rejects.toMatchObject({ code: 48 });
    const coll = db.collection('things');
    await coll.createIndexes([{ key: { a: 1 }, name: 'a_1' }]);
    await coll.createIndexes([{ key: { a: 1 }, name: 'a_1' }]);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'a_1']);
    await coll.dropIndex('a_1');
    await expect(coll.dropIndex('a_1')).rejects.toMatchObject({ code: 27 });
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(['things']);
    expect(await coll.drop()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
  });
});
