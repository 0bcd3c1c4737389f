import type { Context, ServiceBroker } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { eventProblems } from '../../services/events.catalog';

/**
 * Listens to every business event on a broker (anything shaped as an envelope) and checks each
 * against the typed event catalog: tests end with `expect(probe.problems()).toEqual([])`.
 */
export function probeEvents(broker: ServiceBroker, name = 'event-catalog-probe') {
  const seen: EventEnvelope[] = [];
  broker.createService({
    name,
    events: {
      '**'(ctx: Context<unknown>) {
        const p = ctx.params as Partial<EventEnvelope> | undefined;
        const name = ctx.eventName ?? '';
        if (name.startsWith('$') || !p || typeof p !== 'object' || typeof p.id !== 'string' || p.event !== name) return;
        seen.push(p as EventEnvelope);
      },
    },
  });
  return {
    seen: () => [...seen],
    problems: () => seen.flatMap((e) => eventProblems(e)),
  };
}
