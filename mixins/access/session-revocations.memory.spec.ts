import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryRevocations } from './session-revocations.memory';

const dir = mkdtempSync(path.join(os.tmpdir(), 'revocations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => path.join(dir, `list-${++n}.json`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MemoryRevocations written through to a file', () => {
  it('a new instance on the same file (a restart) knows ended sessions and raised epochs', async () => {
    const f = file();
    const before = new MemoryRevocations(60_000, f);
    await before.revoke(['s1']);
    await before.raiseEpoch('u1', 3);
    const after = new MemoryRevocations(60_000, f);
    expect(await after.standing({ id: 'u2', sid: 's1' })).toBe('session-ended');
    expect(await after.standing({ id: 'u1', sid: 's2', epoch: 2 })).toBe('stale');
    expect(await after.standing({ id: 'u1', sid: 's2', epoch: 3 })).toBe('current');
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('never lowers an epoch, and entries lapse after one token lifetime', async () => {
    const f = file();
    const list = new MemoryRevocations(150, f);
    await list.raiseEpoch('u1', 5);
    await list.raiseEpoch('u1', 4);
    expect(await list.standing({ id: 'u1', epoch: 4 })).toBe('stale');
    await list.revoke(['s1']);
    await sleep(200);
    expect(await new MemoryRevocations(150, f).standing({ id: 'u1', sid: 's1', epoch: 0 })).toBe('current');
  });

  it('starts empty from a missing or unreadable file instead of failing', async () => {
    const f = file();
    writeFileSync(f, '{"ended": {"s1": "soon"}, "epochs": ');
    expect(await new MemoryRevocations(60_000, f).standing({ id: 'u1', sid: 's1' })).toBe('current');
    expect(await new MemoryRevocations(60_000, path.join(dir, 'none', 'x.json')).standing({ id: 'u1' })).toBe('current');
  });
});
