import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localSecret } from './local-secret';

describe('an installation secret under DATA_DIR', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'local-secret-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };

  it('is made once on first use, kept owner-only, and read back afterwards', () => {
    const dir = dataDir();
    let made = 0;
    const make = () => `secret-${++made}`;
    expect(localSecret(dir, 'the-secret', make)).toBe('secret-1');
    expect(localSecret(dir, 'the-secret', make)).toBe('secret-1');
    expect(made).toBe(1);
    expect(readFileSync(path.join(dir, 'the-secret'), 'utf8')).toBe('secret-1\n');
    expect(statSync(path.join(dir, 'the-secret')).mode & 0o777).toBe(0o600);
  });

  it('each installation gets its own', () => {
    const make = () => randomBytes(16).toString('hex');
    expect(localSecret(dataDir(), 's', make)).not.toBe(localSecret(dataDir(), 's', make));
  });
});
