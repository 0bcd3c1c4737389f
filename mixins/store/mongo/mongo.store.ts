import { MongoClient, type Db } from 'mongodb';
import { StoreUsageError } from '../store.errors';
import { collectionsOf, sortedMigrations } from '../store.schema';
import type { Collection, CollectionDef, Doc, EngineName, Store, StoreSchema, WriteOp } from '../store.types';
import { runAtomic } from './mongo.atomic';
import { MongoCollection } from './mongo.collection';
import { appliedMigrations, migrateDown, migrateUp } from './mongo.migrations';

export interface MongoStoreOptions {
  name: string;
  schema: StoreSchema;
  url: string;
  database: string;
  /** PEM CA for a MongoDB URL with tls=true (MONGO_CA_FILE); the driver reads the file. */
  caFile?: string;
  logger?: { info(msg: string): void; warn(msg: string): void };
}

interface Connection {
  client: MongoClient;
  db: Db;
}

/** A store on MongoDB: one database per store, one MongoDB collection per contract collection. */
class MongoStore implements Store {
  readonly engine: EngineName = 'mongo';
  readonly name: string;
  private readonly defs: Map<string, CollectionDef>;
  private opening: Promise<Connection> | null = null;
  private connection: Connection | null = null;

  constructor(private readonly options: MongoStoreOptions) {
    this.name = options.name;
    sortedMigrations(options.schema);
    this.defs = collectionsOf(options.schema);
  }

  async connect(): Promise<void> {
    this.opening ??= this.open();
    try {
      this.connection = await this.opening;
      await migrateUp(this.connection.db, this.options.schema, this.options.logger);
    } catch (error) {
      await this.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    this.connection = null;
    if (opening) await (await opening).client.close();
  }

  async ping(): Promise<void> {
    await this.current().db.command({ ping: 1 });
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    const def = this.defs.get(name);
    if (!def) throw new StoreUsageError(`Unknown collection ${name} in store ${this.name}`);
    // The driver collection is looked up per call, so a collection object outlives reconnects.
    return new MongoCollection<T>(
      def,
      () => this.current().db.collection(name),
      () => this.current().client,
    );
  }

  async atomic(ops: WriteOp[]): Promise<void> {
    const { client, db } = this.current();
    await runAtomic(client, db, this.defs, ops);
  }

  async migrateDown(steps = 1): Promise<string[]> {
    return migrateDown(this.current().db, this.options.schema, steps);
  }

  async appliedMigrations(): Promise<string[]> {
    return appliedMigrations(this.current().db);
  }

  private async open(): Promise<Connection> {
    // ignoreUndefined: an undefined inside a json value means absent, never a stored null.
    const { url, caFile } = this.options;
    const client = new MongoClient(url, { ignoreUndefined: true, ...(caFile ? { tlsCAFile: caFile } : {}) });
    await client.connect();
    return { client, db: client.db(this.options.database) };
  }

  /** Only ever called inside async methods, so "not connected" becomes a rejection. */
  private current(): Connection {
    if (!this.connection) throw new StoreUsageError(`Store ${this.name} is not connected`);
    return this.connection;
  }
}

export function createMongoStore(options: MongoStoreOptions): Store {
  return new MongoStore(options);
}
