/** What every business event looks like on the wire: consumers dedupe on `id`. */
export interface EventEnvelope<T = unknown> {
  id: string;
  event: string;
  occurredAt: number;
  /** The service that wrote the event with its state change. */
  source: string;
  /** The payload's version in the event catalog (services/events.catalog.ts). */
  v?: number;
  data: T;
}

/** Meta flag on the relay's own Moleculer echo of an event: consumers' forwarders leave it alone, since the bus already has it. */
export const RELAYED = '$outboxRelayed';
