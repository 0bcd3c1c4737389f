import net from 'node:net';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../config/config';
import type { StoreName } from '../config/stores';
import { findDynamoLocal, startDynamoLocal } from '../mixins/store/dynamodb/dynamodb-local';

export interface EmbeddedDynamo {
  /** The config read again with DYNAMODB_ENDPOINT set (or as given when Local is not started). */
  cfg: AppConfig;
  /** Settles once DynamoDB Local answers (or failed to start). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Embedded mode keeps its DynamoDB stores in DynamoDB Local on DATA_DIR/dynamodb when Java can run
 * it, else on PGlite (config/effective-engine.ts). When one of `stores` is a DynamoDB store and no
 * endpoint is set, this launches it on a port chosen first and points DYNAMODB_ENDPOINT there at
 * once, so the caller can load its services while the JVM starts (1-4 s) and await `ready` only
 * before a store connects. `npm start` and the offline audit both come through here, so both read
 * the same data.
 */
export async function launchEmbeddedDynamo(cfg: AppConfig, stores: StoreName[]): Promise<EmbeddedDynamo> {
  const wanted = stores.some((s) => cfg.stores[s] === 'dynamodb');
  if (cfg.mode !== 'embedded' || !wanted || !cfg.embeddedDynamo || cfg.dynamodb.endpoint || !findDynamoLocal())
    return { cfg, ready: Promise.resolve(), stop: async () => undefined };
  const port = await portFreeOnEveryInterface();
  // C1 only: the JVM answers in ~1.5 s instead of 2-3.5 s (measured on 2 busy cores), at a cost in
  // peak speed an embedded demo platform does not feel.
  const jvmOptions = ['-XX:TieredStopAtLevel=1'];
  const started = startDynamoLocal({ port, dbPath: path.join(cfg.dataDir, 'dynamodb'), jvmOptions });
  // Handled here so an early failure is not an unhandled rejection before the caller awaits `ready`.
  const ready = started.then(() => undefined);
  ready.catch(() => undefined);
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
  return { cfg: loadConfig(), ready, stop: () => started.then((d) => d.stop()).catch(() => undefined) };
}

/** As launchEmbeddedDynamo, returning once DynamoDB Local answers. */
export async function withEmbeddedDynamo(cfg: AppConfig, stores: StoreName[]): Promise<Omit<EmbeddedDynamo, 'ready'>> {
  const dynamo = await launchEmbeddedDynamo(cfg, stores);
  await dynamo.ready;
  return dynamo;
}

/** DynamoDB Local binds every interface, so the port is probed there, not on loopback only. */
function portFreeOnEveryInterface(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}
