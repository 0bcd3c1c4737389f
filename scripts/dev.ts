/**
 * `npm run dev`: the platform `npm start` runs (embedded by default, seeded, the banner last), under
 * moleculer-runner so that a changed service file is reloaded and a changed moleculer.config.ts
 * restarts the broker, with the REPL on the console.
 */
import { mkdirSync } from 'node:fs';
import { Runner, type ServiceBroker } from 'moleculer';
import { config, loadConfig } from '../config/config';
import { storesOf } from '../config/stores';
import { loadServices, resolveServices, type LoadableName } from '../services';
import { withEmbeddedDynamo } from './embedded-dynamo';
import { guardRejections } from './process-guard';
import { seedAndAnnounce } from './ready';

async function main(): Promise<void> {
  const startedAt = Date.now() - Math.round(process.uptime() * 1000);
  process.env.MODE ??= 'embedded';
  const first = loadConfig();
  const services = resolveServices(first.services);
  mkdirSync(first.dataDir, { recursive: true });
  // Left running for the whole session: a hot restart of the broker must find it still there.
  await withEmbeddedDynamo(first, storesOf(services));
  // Read (and kept) now, with DYNAMODB_ENDPOINT set: moleculer.config.ts and the services read this one.
  const cfg = config();
  const files = await serviceFiles(services);
  // The runner would take SERVICES as its list of files to load; it gets the files themselves.
  delete process.env.SERVICES;

  // Flags as given: `npm run dev` passes --hot, which moleculer.config.ts also looks for in argv.
  const argv = [...process.argv, '--config', 'moleculer.config.ts', ...files];
  const broker = (await new Runner().start(argv)) as ServiceBroker;
  guardRejections(broker.getLogger('process'));
  await seedAndAnnounce(broker, cfg, services, startedAt);
  void broker.repl();
}

/** The file each service's schema comes from: the runner loads services, and watches them, by file. */
async function serviceFiles(names: LoadableName[]): Promise<string[]> {
  const schemas = await loadServices(names);
  const modules = Object.values(require.cache);
  return schemas.map((schema, i) => {
    const file = modules.find((m) => (m?.exports as { default?: unknown } | undefined)?.default === schema)?.filename;
    if (!file) throw new Error(`npm run dev: cannot tell which file service ${names[i]} comes from`);
    return file;
  });
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
