import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceBroker } from 'moleculer';
import type { AppConfig } from '../config/config';
import type { ServiceName } from '../services/service-names';
import { banner } from './banner';
import { seedDemo } from './seed-demo';
import { seedShipping } from './seed-shipping';

/**
 * What `npm start` and `npm run dev` do once the broker runs: seed the demo catalog and the first
 * admin (when this node runs products, inventory and auth) and the demo shipping zones (when it runs
 * shipping), then print what runs where, last.
 */
export async function seedAndAnnounce(
  broker: ServiceBroker,
  cfg: AppConfig,
  services: ServiceName[],
  startedAt: number,
): Promise<void> {
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
  if (services.includes('shipping')) {
    const zones = await seedShipping(broker);
    if (zones) extra.push(`Seeded ${zones} shipping zones with their methods.`);
  }
  const url = `http://${cfg.gateway.host}:${cfg.gateway.port}/api`;
  extra.push(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  // Written straight to stdout, not through the logger, so the one-time password never enters log files.
  process.stdout.write(banner(cfg, services, url, extra) + '\n');
}
