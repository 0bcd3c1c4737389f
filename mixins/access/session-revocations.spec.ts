import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { freePort } from '../../test/support/processes';
import { createSessionRevocations, type SessionRevocations } from './session-revocations';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'revocations-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const listOn = (counterStore: 'redis' | 'memory', redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') =>
  createSessionRevocations(
    loadConfig({
      MODE: 'embedded',
      COUNTER_STORE: counterStore,
      REDIS_URL: redisUrl,
      NAMESPACE: `t${randomBytes(4).toString('hex')}`,
      DATA_DIR: dataDir,
    }),
  );

/** What the gateway relies on, the same on both stores. */
describe.each(['redis', 'memory'] as const)('session revocations on %s', (store) => {
  let list: SessionRevocations;
  beforeEach(() => (list = listOn(store)));
  afterEach(() => list.close());

  it('tells ended sessions, stale epochs and current tokens apart', async () => {
    expect(await list.standing({ id: 'u1', sid: 's1', epoch: 0 })).toBe('current');
    await list.revoke(['s1']);
    await list.raiseEpoch('u1', 2);
    expect(await list.standing({ id: 'u9', sid: 's1', epoch: 9 })).toBe('session-ended');
    expect(await list.standing({ id: 'u1', sid: 's2', epoch: 1 })).toBe('stale');
    expect(await list.standing({ id: 'u1', sid: 's2' })).toBe('stale');
    expect(await list.standing({ id: 'u1', sid: 's2', epoch: 2 })).toBe('current');
    expect(await list.standing({ id: 'u2', epoch: 0 })).toBe('current');
  });

  it('never lowers an epoch, whatever order raises land in', async () => {
    // One after another, so a later, lower raise really lands last (two auth nodes publishing out of order).
    for (const e of [2, 5, 3]) await list.raiseEpoch('u1', e);
    expect(await list.standing({ id: 'u1', epoch: 4 })).toBe('stale');
    expect(await list.standing({ id: 'u1', epoch: 5 })).toBe('current');
  });
});

it('while Redis is unreachable, reads fail open at once and publishing fails loudly', async () => {
  const down = listOn('redis', `redis://127.0.0.1:${await freePort()}`);
  try {
    const started = Date.now();
    expect(await down.standing({ id: 'u1', sid: 's1', epoch: 0 })).toBe('current');
    await expect(down.raiseEpoch('u1', 1)).rejects.toThrow(/unreachable/);
    expect(Date.now() - started).toBeLessThan(3_000);
  } finally {
    await down.close();
  }
});
