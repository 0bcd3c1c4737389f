import { randomBytes, randomUUID } from 'node:crypto';
import { JetStreamBus } from '../../mixins/messaging/jetstream-bus';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { requireOrSkip } from '../support/engine-harness';
import { eventually } from '../support/eventually';
import { dropStreams } from '../support/platform';
import { portReason } from '../support/servers';

/** Keyed lanes on the real NATS JetStream: orders side by side, one order's events in turn. */
const ns = `lanes${randomBytes(4).toString('hex')}`;
const url = process.env.TRANSPORTER ?? 'nats://127.0.0.1:4222';
let bus: JetStreamBus;
let ready = false;

beforeAll(async () => {
  ready = requireOrSkip(await portReason(4222, 'NATS'), 'JetStream lanes');
  if (ready) bus = new JetStreamBus(url, ns);
});
afterAll(async () => {
  if (!ready) return;
  await bus.close();
  await dropStreams(ns);
});

const envelope = (orderId: string, step: number): EventEnvelope => ({
  id: randomUUID(),
  event: 'order.stepped',
  occurredAt: Date.now(),
  source: 'test',
  data: { orderId, step },
});
const stepOf = (e: EventEnvelope) => e.data as { orderId: string; step: number };

it('handles different keys side by side and one key in publish order, never more than the limit at once', async () => {
  if (!ready) return;
  const log: string[] = [];
  let inFlight = 0;
  let most = 0;
  let releaseA1!: () => void;
  const a1Held = new Promise<void>((r) => (releaseA1 = r));
  const sub = await bus.subscribe(
    'shipping',
    'order.stepped',
    async (e) => {
      const { orderId, step } = stepOf(e);
      inFlight++;
      most = Math.max(most, inFlight);
      log.push(`start ${orderId}${step}`);
      if (orderId === 'A' && step === 1) await a1Held;
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${orderId}${step}`);
      inFlight--;
    },
    undefined,
    { concurrency: 3, keyOf: (e) => stepOf(e).orderId },
  );
  try {
    for (const [orderId, step] of [['A', 1], ['A', 2], ['B', 1], ['C', 1], ['B', 2], ['D', 1], ['A', 3]] as const)
      await bus.publish(envelope(orderId, step));
    // A1 holds its lane; B and C are handled meanwhile, while A2 waits behind A1.
    await eventually(async () => log.includes('end B2') && log.includes('end C1'), 10_000);
    expect(log).not.toContain('start A2');
    releaseA1();
    await eventually(async () => log.filter((l) => l.startsWith('end')).length === 7, 10_000);
    const order = (o: string) => log.filter((l) => l.startsWith('start') && l.includes(o));
    expect(order('A')).toEqual(['start A1', 'start A2', 'start A3']);
    expect(order('B')).toEqual(['start B1', 'start B2']);
    expect(log.indexOf('end A1')).toBeLessThan(log.indexOf('start A2'));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  } finally {
    releaseA1();
    await sub.stop();
  }
});
