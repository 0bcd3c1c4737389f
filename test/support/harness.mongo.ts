import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../mixins/store/mongo/mongo.store';
import type { Store, StoreSchema } from '../../mixins/store/store.types';
import type { EngineHarness } from './engine-harness';
import { startMongoStandIn } from './mongo-standin';

let counter = 0;

/**
 * MongoDB for the contract suite: the real server at MONGO_URL when set (a replica set, since
 * atomic() needs transactions), otherwise the in-process wire-protocol stand-in.
 */
export function mongoHarness(): EngineHarness {
  const external = process.env.MONGO_URL;
  let url = external ?? '';
  let stopStandIn: (() => Promise<void>) | null = null;
  const databases: string[] = [];

  return {
    engine: 'mongo',
    label: external ? 'mongo (server)' : 'mongo (wire stand-in)',

    async setup() {
      if (external) {
        const client = new MongoClient(external, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.db('admin').command({ ping: 1 });
          return null;
        } catch (error) {
          return `MongoDB at MONGO_URL is not reachable: ${error instanceof Error ? error.message : String(error)}`;
        } finally {
          await client.close();
        }
      }
      const standIn = await startMongoStandIn();
      url = standIn.url;
      stopStandIn = () => standIn.stop();
      return null;
    },

    async createStore(name: string, schema: StoreSchema): Promise<Store> {
      const database = `contract_${name}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      databases.push(database);
      const store = createMongoStore({ name, schema, url, database });
      await store.connect();
      return store;
    },

    async teardown() {
      if (url && databases.length > 0) {
        const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
        try {
          for (const database of databases.splice(0)) await client.db(database).dropDatabase();
        } finally {
          await client.close();
        }
      }
      await stopStandIn?.();
      stopStandIn = null;
    },
  };
}
