/**
 * `npm start`: the whole platform in one process with no servers to install. PostgreSQL and
 * MongoDB stores run on PGlite under DATA_DIR; DynamoDB stores on AWS's DynamoDB Local when Java
 * is present (else PGlite). Seeds a demo catalog and the first admin, then prints what runs where.
 */
import { mkdirSync } from 'node:fs';
import type { Middleware, Service } from 'moleculer';
import { loadConfig, type AppConfig } from '../config/config';
import { effectiveEngine } from '../config/effective-engine';
import { STORE_DEFAULTS, storesOf, type StoreName } from '../config/stores';
import { resolveServices } from '../services';
import { launchEmbeddedDynamo } from './embedded-dynamo';
import { seedAndAnnounce } from './ready';

async function main(): Promise<void> {
  const startedAt = Date.now() - Math.round(process.uptime() * 1000);
  process.env.MODE ??= 'embedded';
  let cfg = loadConfig();
  if (cfg.mode !== 'embedded') throw new Error('npm start runs embedded mode; use scripts/node.ts for cluster nodes');
  const services = resolveServices(cfg.services);
  mkdirSync(cfg.dataDir, { recursive: true });

  const ownStores = storesOf(services);
  const dynamo = await launchEmbeddedDynamo(cfg, ownStores);
  cfg = dynamo.cfg;

  // While the JVM starts, PGlite (a WASM Postgres, the other slow opening) opens in its worker
  // thread and the services load; the stores find it open. Held until they hold it themselves.
  const pglite = await openPglite(cfg, ownStores);
  // moleculer.config.ts reads config on import, so import the node only after the env is final.
  const { createNode } = await import('./boot');
  const { broker } = await createNode(services, {
    middlewares: [awaitBeforeStarting(dynamoServices(cfg, ownStores), dynamo.ready)],
  });
  broker.localBus.on('$broker.stopped', () => void dynamo.stop());
  await broker.start();
  await pglite?.release();
  await seedAndAnnounce(broker, cfg, services, startedAt);
}

/** The services with a store on DynamoDB: only these wait for DynamoDB Local to answer. */
function dynamoServices(cfg: AppConfig, stores: StoreName[]): Set<string> {
  return new Set(stores.filter((s) => effectiveEngine(cfg, s) === 'dynamodb').map((s) => STORE_DEFAULTS[s].service));
}

/** Holds back the start of `services` (their stores connect in `started`) until `ready`; the others start meanwhile. */
function awaitBeforeStarting(services: Set<string>, ready: Promise<void>): Middleware {
  return {
    name: 'AwaitEmbeddedDynamo',
    serviceStarting: async (service: Service) => {
      if (services.has(service.name)) await ready;
    },
  } as Middleware;
}

async function openPglite(cfg: AppConfig, stores: StoreName[]): Promise<{ release(): Promise<void> } | null> {
  if (!stores.some((s) => effectiveEngine(cfg, s) === 'pglite')) return null;
  const { sharedSession, releaseSession } = await import('../mixins/store/postgres/pglite-session');
  const { sharedPgliteDir } = await import('../mixins/store/store.factory');
  const session = sharedSession(sharedPgliteDir(cfg));
  return { release: () => releaseSession(session) };
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
