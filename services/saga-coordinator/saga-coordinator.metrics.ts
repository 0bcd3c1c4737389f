import type { ServiceBroker } from 'moleculer';
import type { SagaHooks } from '../../sagas/saga.engine';

const COUNTERS = ['started', 'completed', 'compensated', 'parked', 'waiting'] as const;
export type SagaCounts = Record<(typeof COUNTERS)[number], Record<string, number>>;

const LATENCY = 'sagas.step.latency';

/** Registers the coordinator's metrics with the broker (only when metrics are on). */
export function registerSagaMetrics(broker: ServiceBroker): void {
  if (!broker.isMetricsEnabled()) return;
  for (const name of COUNTERS) {
    if (!broker.metrics.getMetric(`sagas.${name}`))
      broker.metrics.register({ type: 'counter', name: `sagas.${name}`, labelNames: ['type'], description: `Sagas ${name}` });
  }
  if (!broker.metrics.getMetric(LATENCY))
    broker.metrics.register({
      type: 'histogram',
      name: LATENCY,
      labelNames: ['type', 'step'],
      unit: 'millisecond',
      description: 'Latency of each saga step try',
      buckets: [10, 25, 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000],
    });
}

/**
 * The engine's hooks: broker metrics when enabled, and always plain counts per saga type on this
 * node (the `stats` action; tests and the REPL read them without a metrics reporter).
 */
export function sagaHooks(broker: ServiceBroker, counts: SagaCounts): SagaHooks {
  const count = (what: keyof SagaCounts, type: string) => {
    counts[what][type] = (counts[what][type] ?? 0) + 1;
    if (broker.isMetricsEnabled()) broker.metrics.increment(`sagas.${what}`, { type });
  };
  return {
    started: (type) => count('started', type),
    completed: (type) => count('completed', type),
    compensated: (type) => count('compensated', type),
    parked: (type) => count('parked', type),
    waiting: (type) => count('waiting', type),
    stepLatency: (type, step, ms) => {
      if (broker.isMetricsEnabled()) broker.metrics.observe(LATENCY, ms, { type, step });
    },
  };
}

export const emptyCounts = (): SagaCounts => ({ started: {}, completed: {}, compensated: {}, parked: {}, waiting: {} });
