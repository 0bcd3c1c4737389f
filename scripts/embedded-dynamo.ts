import path from 'node:path';
import { loadConfig, type AppConfig } from '../config/config';
import type { StoreName } from '../config/stores';
import { findDynamoLocal, startDynamoLocal } from '../mixins/store/dynamodb/dynamodb-local';

/**
 * Embedded mode keeps its DynamoDB stores in DynamoDB Local on DATA_DIR/dynamodb when Java can run
 * it, else on PGlite (config/effective-engine.ts). When one of `stores` is a DynamoDB store and no
 * endpoint is set, this starts it, points DYNAMODB_ENDPOINT at it and returns the config read
 * again. `npm start` and the offline audit both come through here, so both read the same data.
 */
export async function withEmbeddedDynamo(
  cfg: AppConfig,
  stores: StoreName[],
): Promise<{ cfg: AppConfig; stop(): Promise<void> }> {
  const wanted = stores.some((s) => cfg.stores[s] === 'dynamodb');
  if (cfg.mode !== 'embedded' || !wanted || !cfg.embeddedDynamo || cfg.dynamodb.endpoint || !findDynamoLocal())
    return { cfg, stop: async () => undefined };
  const dynamo = await startDynamoLocal({ dbPath: path.join(cfg.dataDir, 'dynamodb') });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  return { cfg: loadConfig(), stop: () => dynamo.stop() };
}
