/**
 * `npx tsx bench/search.run.ts [--quick] [--keep] [--reuse <prefix>]`: scenario 7 alone (the full
 * `npm run bench` runs every scenario). Loading 100,000 products takes minutes, so `--keep` leaves
 * the node's databases behind (their prefix is printed) and `--reuse <prefix>` runs again over them:
 * the catalog is not reloaded, the index is rebuilt (and timed) from it as usual.
 */
import os from 'node:os';
import { searchScenario, type SearchSettings } from './search.scenario';

const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const at = process.argv.indexOf('--reuse');
const reuse = at > 0 ? process.argv[at + 1] : undefined;

const settings: SearchSettings = quick
  ? {
      products: 10_000,
      connections: 16,
      requests: 500,
      warmupRequests: 100,
      maxDurationMs: 20_000,
      lag: { ratePerS: 200, durationS: 5, maxInFlight: 64 },
    }
  : {
      products: 100_000,
      connections: 16,
      requests: 3_000,
      warmupRequests: 300,
      maxDurationMs: 60_000,
      lag: { ratePerS: 200, durationS: 20, maxInFlight: 64 },
    };

const log = (line: string) => console.log(line);
log(`search bench (${quick ? 'quick' : 'full'}), load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
searchScenario(settings, log, { keep: keep || reuse !== undefined, reuse })
  .then(() => log(`done, load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`))
  .catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
