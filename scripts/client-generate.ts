import { writeFileSync } from 'node:fs';
import { IMPLEMENTED_SERVICES } from '../services/service-names';
import { API_TYPES_FILE, clientTypes } from '../test/client/client-types';
import { startPlatform } from '../test/support/platform';

/** Writes the typed test client's declarations from a live gateway's OpenAPI document (needs the local servers). */
async function main(): Promise<void> {
  const platform = await startPlatform([...IMPLEMENTED_SERVICES]);
  try {
    const res = await fetch(`${platform.api}/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    writeFileSync(API_TYPES_FILE, await clientTypes((await res.json()) as object));
    process.stdout.write(`Wrote ${API_TYPES_FILE}\n`);
  } finally {
    await platform.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
