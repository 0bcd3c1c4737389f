import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { piiConfig } from '../../config/pii';
import { kekSet, LOCAL_KEK_FILE } from './keks';

describe('KEK set', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'pii-kek-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes an owner-only KEK under DATA_DIR on the first embedded start and keeps it', () => {
    const first = kekSet({ pii: { keks: [] }, dataDir });
    expect(first.current.id).toBe('local');
    expect(first.current.key).toHaveLength(32);
    expect(statSync(path.join(dataDir, LOCAL_KEK_FILE)).mode & 0o777).toBe(0o600);
    expect(kekSet({ pii: { keks: [] }, dataDir }).current.key).toEqual(first.current.key);
  });

  it('uses the configured KEKs, current by PII_KEY_ID, all of them for unwrapping', () => {
    const pii = piiConfig({ PII_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}` });
    const set = kekSet({ pii, dataDir });
    expect(set.current.id).toBe('k2');
    expect([...set.all.keys()]).toEqual(['k2', 'k1']);
  });
});
