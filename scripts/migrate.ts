/**
 * `npm run migrate [-- --down N] [-- --store NAME]`: brings the stores of this node's services
 * (SERVICES) up to date, or reverts the newest N migrations. The same migrations also run on start.
 */
import { config } from '../config/config';
import { migrateStores } from './migrate-stores';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const down = args.includes('--down') ? Number(args[args.indexOf('--down') + 1] ?? 1) : 0;
  const only = args.includes('--store') ? args[args.indexOf('--store') + 1] : undefined;
  for (const line of await migrateStores(config(), { down, only })) console.log(line);
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
