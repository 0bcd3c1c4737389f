import type { Platform } from '../support/platform';
import { operationsOf, type Operation } from './fuzz.cases';

/** Record counts of every store of every service that has stores: "nothing was written" compares two of these. */
export async function storeCounts(platform: Platform, services: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const withStores = services.filter((s) => Boolean(platform.broker.getLocalService(s)?.actions?.storesStats));
  for (const service of withStores) {
    const stats = await platform.broker.call<{ store: string; counts: Record<string, number> }[]>(`${service}.storesStats`);
    for (const s of stats) for (const [c, n] of Object.entries(s.counts)) out[`${s.store}.${c}`] = n;
  }
  return out;
}

/** Every operation of the gateway's live OpenAPI document. */
export async function liveOperations(platform: Platform): Promise<Operation[]> {
  return operationsOf(await (await fetch(`${platform.api}/openapi.json`)).json());
}

/** An operation's path with each path parameter filled with a well-formed id. */
export const concretePath = (op: Operation): string => op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
