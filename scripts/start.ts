/**
 * `npm start`: the whole platform in one process with no servers to install. PostgreSQL and
 * MongoDB stores run on PGlite under DATA_DIR; DynamoDB stores on AWS's DynamoDB Local when Java
 * is present (else PGlite). Seeds a demo catalog and the first admin, then prints what runs where.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { STORE_DEFAULTS, STORE_NAMES } from '../config/stores';
import { resolveServices } from '../services';
import { banner } from './banner';
import { withEmbeddedDynamo } from './embedded-dynamo';
import { seedDemo } from './seed-demo';

async function main(): Promise<void> {
  process.env.MODE ??= 'embedded';
  let cfg = loadConfig();
  if (cfg.mode !== 'embedded') throw new Error('npm start runs embedded mode; use scripts/node.ts for cluster nodes');
  const services = resolveServices(cfg.services);
  mkdirSync(cfg.dataDir, { recursive: true });

  const ownStores = STORE_NAMES.filter((s) => services.includes(STORE_DEFAULTS[s].service as never));
  const dynamo = await withEmbeddedDynamo(cfg, ownStores);
  cfg = dynamo.cfg;

  // moleculer.config.ts reads config on import, so import the node only after the env is final.
  const { createNode } = await import('./boot');
  const started = Date.now();
  const { broker } = await createNode(services);
  broker.localBus.on('$broker.stopped', () => void dynamo.stop());
  await broker.start();

  const extra: string[] = [];
  if (services.includes('products') && services.includes('inventory') && services.includes('auth')) {
    const seed = await seedDemo(broker, cfg.admin);
    if (seed.productsCreated) extra.push(`Seeded ${seed.productsCreated} demo products with stock.`);
    if (seed.admin.generatedPassword) {
      const file = path.join(cfg.dataDir, 'initial-admin-password');
      writeFileSync(file, `${seed.admin.generatedPassword}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      extra.push(
        `First start: admin account ${seed.admin.account.email} created with password  ${seed.admin.generatedPassword}`,
        `  (shown this once; also in ${file}, readable only by you. Set ADMIN_PASSWORD to choose your own.)`,
      );
    }
  }
  const url = `http://${cfg.gateway.host}:${cfg.gateway.port}/api`;
  extra.push(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  // Written straight to stdout, not through the logger, so the one-time password never enters log files.
  process.stdout.write(banner(cfg, services, url, extra) + '\n');
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
