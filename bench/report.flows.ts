import type { CheckoutResult } from './checkout.scenario';
import type { CpuUse } from './cpu';
import type { EventsResult } from './events.scenario';
import { f, ms, table, yes } from './report.format';
import type { Outcome } from './report';

/** Scenarios 2 (checkout) and 4 (event delivery) in the bench report: their summary rows and detail sections. */

const CHECKOUT_TARGET = 'ratio ≥ 0.5, p99 ≤ 150 ms';
const EVENTS_TARGET = 'ratio ≥ 0.5';
/** Saga timestamps are whole milliseconds. */
const wholeMs = (n: number) => `${f(n)} ms`;
const cores = (c: CpuUse) =>
  `${f(c.processCores, 2)} (machine ${c.machineBusy === null ? '—' : `${f(c.machineBusy * 100)} %`} busy)`;

export function checkoutRow(o: Outcome<CheckoutResult>): string[] {
  const name = 'Checkout sagas per second, end to end (POST /api/orders → CONFIRMED)';
  if ('error' in o) return ['2', name, `failed: ${o.error}`, CHECKOUT_TARGET, '—'];
  const { platform: p, floor: fl, ratio, settings: s } = o.ok;
  const errors = Object.entries(p.outcomes).reduce((n, [k, v]) => (k === 'confirmed' ? n : n + (v ?? 0)), 0);
  return [
    '2',
    `${name}, ${s.concurrency} in flight`,
    `platform ${f(p.throughput, 1)} orders/s (p50 ${ms(p.p50Ms)}, p99 ${ms(p.p99Ms)}) vs plain-driver floor ${f(fl.throughput, 1)} orders/s ` +
      `(to its confirming write p50 ${ms(fl.toConfirmed.p50)}, p99 ${ms(fl.toConfirmed.p99)}): ratio **${f(ratio, 2)}**; ` +
      `one at a time: platform p50 ${ms(p.alone.p50)}, p99 ${ms(p.alone.p99)}, floor p50 ${ms(fl.alone.p50)}, p99 ${ms(fl.alone.p99)}` +
      (errors ? `; not confirmed: ${JSON.stringify(p.outcomes)}` : ''),
    CHECKOUT_TARGET,
    yes(ratio >= 0.5 && p.p99Ms <= 150 && errors === 0),
  ];
}

export function checkoutDetails(o: Outcome<CheckoutResult>): string[] {
  if (!('ok' in o)) return [];
  const { platform: p, floor: fl, settings: s } = o.ok;
  return [
    '### 2. Checkout sagas end to end',
    '',
    table(
      ['path', 'orders/s', 'p50', 'p99', 'max', 'p50 alone', 'p99 alone', 'CPU cores of the process'],
      [
        [
          'platform: all services, one cluster node, HTTP',
          f(p.throughput, 1),
          ms(p.p50Ms),
          ms(p.p99Ms),
          ms(p.maxMs),
          ms(p.alone.p50),
          ms(p.alone.p99),
          cores(p.cpu),
        ],
        [
          'floor: the same writes with `pg`, to the confirming write',
          f(fl.throughput, 1),
          ms(fl.toConfirmed.p50),
          ms(fl.toConfirmed.p99),
          '—',
          ms(fl.alone.p50),
          ms(fl.alone.p99),
          cores(fl.cpu),
        ],
        ['floor: all writes of the order', '', ms(fl.p50), ms(fl.p99), ms(fl.max), '', '', ''],
      ],
    ),
    '',
    `- Platform latency is POST → the first GET /api/orders/:id answering CONFIRMED (polled every ${s.pollMs} ms, ` +
      `${f(p.pollsPerOrder, 1)} polls per order, which are load too); counting until every saga had ended ` +
      `(capture, commit, notice) it made ${f(p.sagasEndedThroughput, 1)} orders/s.`,
    `- Floor: ${fl.transactionsPerOrder} transactions and ${fl.rowWritesPerOrder} row writes per order in 7 store databases ` +
      `(bench/checkout.plan.ts lists them and how they were found), pool ${fl.poolSize} per store as the platform's; ` +
      `orders/s counts every write of the order. "alone" = one order at a time. Both sides spread over ${s.skus} SKUs.`,
    ...(p.breakdown
      ? [
          `- One order alone, medians of ${p.breakdown.orders} from their sagas' records: POST → saga created ${wholeMs(p.breakdown.placeMs)}; ` +
            Object.entries(p.breakdown.stepsMs)
              .map(([step, t]) => `${step} ${wholeMs(t)}`)
              .join(', ') +
            ` (participant calls); the coordinator's saga saves around them ${wholeMs(p.breakdown.coordinatorMs)}; ` +
            `CONFIRMED seen ${wholeMs(p.breakdown.seenAfterMs)} after the confirming write (polling).`,
        ]
      : []),
    ...(p.errors.length ? [`- errors: ${p.errors.map((e) => `\`${e}\``).join(', ')}`] : []),
    '',
  ];
}

export function eventsRow(o: Outcome<EventsResult>): string[] {
  const name = 'Event delivery: outbox → relay → JetStream → durable consumer with inbox';
  if ('error' in o) return ['4', name, `failed: ${o.error}`, EVENTS_TARGET, '—'];
  const { platform: p, raw, ratio, settings: s } = o.ok;
  return [
    '4',
    `${name}, ${s.concurrency} producers`,
    `platform ${f(p.throughput)} events/s vs raw JetStream publish-and-consume ${f(raw.throughput)}/s: ratio **${f(ratio, 3)}**; ` +
      `commit → handled one at a time p50 ${ms(p.p50Ms)}, p99 ${ms(p.p99Ms)} (raw publish → ack p50 ${ms(raw.p50Ms)}, p99 ${ms(raw.p99Ms)})`,
    EVENTS_TARGET,
    yes(ratio >= 0.5),
  ];
}

export function eventsDetails(o: Outcome<EventsResult>): string[] {
  if (!('ok' in o)) return [];
  const { platform: p, raw, settings: s } = o.ok;
  const drained = p.elapsedMs - (s.events / p.produceThroughput) * 1000;
  return [
    '### 4. Event delivery',
    '',
    table(
      ['path', 'events/s', 'elapsed', 'p50 under the run', 'p99 under the run', 'p50 one at a time', 'p99 one at a time'],
      [
        [
          'outbox mixin → JetStreamBus → ConsumerMixin + inbox',
          f(p.throughput),
          ms(p.elapsedMs),
          ms(p.backlogP50Ms),
          ms(p.backlogP99Ms),
          ms(p.p50Ms),
          ms(p.p99Ms),
        ],
        [
          'raw `nats`: publish (await PubAck) → durable pull consumer, explicit ack',
          f(raw.throughput),
          ms(raw.elapsedMs),
          ms(raw.backlogP50Ms),
          ms(raw.backlogP99Ms),
          ms(raw.p50Ms),
          ms(raw.p99Ms),
        ],
      ],
    ),
    '',
    `- Platform: ${s.events} produce calls, each one atomic unit (a state row and its outbox row) on PostgreSQL, committed at ` +
      `${f(p.produceThroughput)}/s; the last event was handled ${f(drained / 1000, 1)} s after the last commit. ` +
      `Latency is commit → the consumer's handler done (inbox row committed); raw is publish call → ack.`,
    '',
  ];
}
