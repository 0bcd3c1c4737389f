import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret of this installation, made on first start and kept (owner-only) in `DATA_DIR/<file>`,
 * so embedded mode never runs on a value published with the source and a restart keeps it.
 * `make` is called only when the file does not exist yet.
 */
export function localSecret(dataDir: string, file: string, make: () => string): string {
  const at = path.join(dataDir, file);
  try {
    return readFileSync(at, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  // 'wx' loses gracefully to a concurrent first start: whoever wrote first wins, the other re-reads.
  try {
    writeFileSync(at, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(at, 'utf8').trim();
}
