import { LocalBus } from '../../mixins/messaging/local-bus';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { eventually } from '../support/eventually';

const quick = { maxAttempts: 3, backoffMs: () => 10 };
let n = 0;
const envelope = (event = 'thing.happened', data: unknown = {}): EventEnvelope => ({
  id: `e${++n}`,
  event,
  occurredAt: Date.now(),
  source: 'test',
  data,
});

let bus: LocalBus;
beforeEach(() => (bus = new LocalBus()));
afterEach(() => bus.close());

it('retries a failing handler with backoff, then dead-letters it; replay delivers it again to that group only', async () => {
  const attempts: number[] = [];
  let healthy = false;
  const other: string[] = [];
  await bus.subscribe(
    'flaky',
    'thing.happened',
    async (e) => {
      attempts.push(Date.now());
      if (!healthy) throw new Error(`cannot handle ${e.id}`);
    },
    quick,
  );
  await bus.subscribe('other', 'thing.happened', async (e) => void other.push(e.id), quick);
  const e = envelope();
  await bus.publish(e);

  const [letter] = await eventually(async () => (await bus.deadLetters('flaky')).length > 0 && bus.deadLetters('flaky'));
  expect(letter).toMatchObject({
    group: 'flaky',
    event: 'thing.happened',
    envelope: e,
    attempts: 3,
    error: `cannot handle ${e.id}`,
  });
  expect(attempts).toHaveLength(3);
  expect(attempts[2] - attempts[0]).toBeGreaterThanOrEqual(18);
  expect(await bus.deadLetters('other')).toEqual([]);
  expect(await bus.deadLetter('flaky', letter.id)).toEqual(letter);

  healthy = true;
  expect(await bus.replay('flaky', letter.id)).toBe(true);
  await eventually(async () => attempts.length === 4);
  expect(await bus.deadLetters('flaky')).toEqual([]);
  expect(await bus.replay('flaky', letter.id)).toBe(false);
  expect(other).toEqual([e.id]);
});

it('a handler that recovers within its attempts is not dead-lettered, and later events wait their turn', async () => {
  const handled: string[] = [];
  let failures = 2;
  await bus.subscribe(
    'g',
    'thing.happened',
    async (e) => {
      if (failures-- > 0) throw new Error('transient');
      handled.push(e.id);
    },
    quick,
  );
  const [a, b, c] = [envelope(), envelope(), envelope()];
  for (const e of [a, b, c]) await bus.publish(e);
  await eventually(async () => handled.length === 3);
  expect(handled).toEqual([a.id, b.id, c.id]);
  expect(await bus.deadLetters('g')).toEqual([]);
});

it('keeps events for a group that is not subscribed and delivers them, once, when it comes back', async () => {
  const handled: string[] = [];
  const handler = async (e: EventEnvelope) => void handled.push(e.id);
  const first = await bus.subscribe('users', 'user.registered', handler, quick);
  const a = envelope('user.registered');
  await bus.publish(a);
  await eventually(async () => handled.length === 1);
  await first.stop();

  const [b, c] = [envelope('user.registered'), envelope('user.registered')];
  await bus.publish(b);
  await bus.publish(c);
  await bus.publish(b); // a relay re-sending what it could not mark sent
  expect(handled).toEqual([a.id]);

  await bus.subscribe('users', 'user.registered', handler, quick);
  await eventually(async () => handled.length === 3);
  await new Promise((r) => setTimeout(r, 50));
  expect(handled).toEqual([a.id, b.id, c.id]);
});

it('stop() cuts a backoff short and leaves the unsettled event for the next subscription', async () => {
  let calls = 0;
  const sub = await bus.subscribe(
    'g',
    'thing.happened',
    async () => {
      calls++;
      throw new Error('down');
    },
    { maxAttempts: 5, backoffMs: () => 60_000 },
  );
  await bus.publish(envelope());
  await eventually(async () => calls === 1);
  const started = Date.now();
  await sub.stop();
  expect(Date.now() - started).toBeLessThan(1_000);
  const handled: string[] = [];
  await bus.subscribe('g', 'thing.happened', async (e) => void handled.push(e.id), quick);
  await eventually(async () => handled.length === 1);
});

it('rejects event names that cannot be subjects', async () => {
  await expect(bus.publish(envelope('no-domain'))).rejects.toThrow(/not <domain>.<name>/);
  await expect(bus.publish(envelope('user.*'))).rejects.toThrow(/not <domain>.<name>/);
});
