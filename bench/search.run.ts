/**
 * `npx tsx bench/search.run.ts [--quick] [--keep] [--reuse <prefix>]`: scenario 7 alone (the full
 * `npm run bench` runs every scenario). Loading 100,000 products takes minutes, so `--keep` leaves
 * the node's databases behind (their prefix is printed) and `--reuse <prefix>` runs again over them:
 * the catalog is not reloaded, the index is rebuilt (and timed) from it as usual.
 */
import os from 'node:os';
import { SEARCH_SETTINGS, searchScenario } from './search.scenario';

const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const at = process.argv.indexOf('--reuse');
const reuse = at > 0 ? process.argv[at + 1] : undefined;

const settings = SEARCH_SETTINGS[quick ? 'quick' : 'full'];

const log = (line: string) => console.log(line);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
log(`search bench (${quick ? 'quick' : 'full'}), load ${load()}`);
searchScenario(settings, log, { keep: keep || reuse !== undefined, reuse })
  .then(() => log(`done, load ${load()}`))
  .catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
