import { randomUUID } from 'node:crypto';
import { RedisWindowCounter } from './redis-window-counter';
import { MemoryWindowCounter, type WindowCounter } from './window-counter';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One suite over both engines: whatever the gateway and auth rely on holds on each. */
describe.each([
  ['memory', (now: () => number) => new MemoryWindowCounter(now)],
  ['redis', (now: () => number) => new RedisWindowCounter(REDIS_URL, `test:${randomUUID()}`, now)],
] as const)('WindowCounter on %s', (_kind, make) => {
  let clock = 1_000_000;
  let counter: WindowCounter;
  beforeEach(() => {
    clock = 1_000_000;
    counter = make(() => clock);
  });
  afterEach(() => counter.close());

  it('counts hits within a window and reports when it resets', async () => {
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, resetAt: 1_020_000 });
    expect((await counter.hit('a', 60_000, 2)).count).toBe(3);
    expect(await counter.peek('a', 60_000)).toEqual({ count: 3, resetAt: 1_020_000 });
    expect((await counter.peek('b', 60_000)).count).toBe(0);
  });

  it('starts again at 0 in the next window', async () => {
    await counter.hit('a', 60_000);
    clock = 1_020_000;
    expect(await counter.peek('a', 60_000)).toEqual({ count: 0, resetAt: 1_080_000 });
    expect((await counter.hit('a', 60_000)).count).toBe(1);
  });

  it('keeps keys and window sizes apart, and reset forgets one key', async () => {
    await counter.hit('a', 60_000);
    await counter.hit('a', 1_000);
    await counter.hit('b', 60_000);
    await counter.reset('a', 60_000);
    expect((await counter.peek('a', 60_000)).count).toBe(0);
    expect((await counter.peek('a', 1_000)).count).toBe(1);
    expect((await counter.peek('b', 60_000)).count).toBe(1);
  });

  it('never loses a hit under concurrency', async () => {
    const counts = await Promise.all(Array.from({ length: 200 }, () => counter.hit('hot', 60_000)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});

it('two Redis counters with the same prefix share counts (the cluster-wide limit)', async () => {
  const prefix = `test:${randomUUID()}`;
  const [a, b] = [new RedisWindowCounter(REDIS_URL, prefix), new RedisWindowCounter(REDIS_URL, prefix)];
  try {
    await a.hit('ip', 60_000);
    expect((await b.hit('ip', 60_000)).count).toBe(2);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

it('fails open, fast, while Redis is unreachable: a hit counts as the first of its window', async () => {
  const { freePort } = await import('../../test/support/processes');
  const down = new RedisWindowCounter(`redis://127.0.0.1:${await freePort()}`, 'test:down');
  try {
    const started = Date.now();
    expect((await down.hit('ip', 60_000)).count).toBe(1);
    expect((await down.peek('ip', 60_000)).count).toBe(0);
    await expect(down.reset('ip', 60_000)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
  } finally {
    await down.close();
  }
});
