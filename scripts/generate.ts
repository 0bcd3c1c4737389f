/**
 * `npm run generate [-- --check]`: rewrites the generated regions of .env.example,
 * docker-compose.yml and deploy/postgres/init-databases.sh from the service registry
 * (services/registry.ts). With --check it changes nothing and exits 1 naming each file out of step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REGISTRY } from '../services/registry';
import { GENERATED_FILES, regenerate } from './generate-files';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of GENERATED_FILES) {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = regenerate(file, before, REGISTRY);
  if (after === before) continue;
  stale++;
  if (check) console.error(`${file}: out of step with services/registry.ts; run npm run generate`);
  else {
    writeFileSync(full, after);
    console.log(`${file}: regenerated`);
  }
}
process.exitCode = check && stale ? 1 : 0;
