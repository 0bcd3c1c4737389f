import { findDynamoLocal, startDynamoLocal, type DynamoLocal } from '../../mixins/store/dynamodb/dynamodb-local';
import { requireOrSkip } from './engine-harness';
import { startMongoStandIn } from './mongo-standin';

/** An engine a service's store can be configured for, as a behaviour suite runs it. */
export interface ServiceEngine {
  label: string;
  /** Platform env that puts the store on this engine, or why the engine cannot run here. */
  setup(): Promise<Record<string, string> | string>;
  teardown(): Promise<void>;
}

const envVar = (store: string) => `STORE_${store.toUpperCase().replace(/-/g, '_')}`;

/** startPlatform puts every store on the PostgreSQL server unless told otherwise. */
export const postgresEngine = (store: string): ServiceEngine => ({
  label: 'PostgreSQL',
  setup: async () => ({ [envVar(store)]: 'postgres' }),
  teardown: async () => undefined,
});

export function dynamoLocalEngine(store: string): ServiceEngine {
  let dynamo: DynamoLocal | undefined;
  return {
    label: 'DynamoDB Local',
    async setup() {
      if (!findDynamoLocal()) return 'Java or the DynamoDB Local jar (npm package amplify-dynamodb-simulator) is not available';
      dynamo = await startDynamoLocal({});
      return {
        [envVar(store)]: 'dynamodb',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      };
    },
    teardown: async () => dynamo?.stop(),
  };
}

export function mongoStandInEngine(store: string): ServiceEngine {
  let stop: (() => Promise<void>) | undefined;
  return {
    label: 'MongoDB stand-in',
    async setup() {
      const standIn = await startMongoStandIn();
      stop = () => standIn.stop();
      return { [envVar(store)]: 'mongo', MONGO_URL: standIn.url };
    },
    teardown: async () => stop?.(),
  };
}

/**
 * Runs `start` on the engine before the describe block's tests and stops both after. Tests use
 * `it_`, which does nothing when the engine cannot run here (never under CI=true: requireOrSkip).
 */
export function onEngine<W extends { platform: { stop(): Promise<void> } }>(
  engine: ServiceEngine,
  start: (env: Record<string, string>) => Promise<W>,
) {
  let ready = false;
  let world: W | undefined;
  beforeAll(async () => {
    const env = await engine.setup();
    ready = requireOrSkip(typeof env === 'string' ? env : null, engine.label);
    if (ready) world = await start(env as Record<string, string>);
  }, 120_000);
  afterAll(async () => {
    await world?.platform.stop();
    await engine.teardown();
  }, 60_000);
  return {
    ready: () => ready,
    world: () => world!,
    it_: (name: string, fn: () => Promise<void>, timeout?: number) => it(name, async () => (ready ? fn() : undefined), timeout),
  };
}
