import { serviceOf } from '../../mixins/outage';

/** A moleculer-web alias, as far as the gateway's own code reads it. */
export interface AliasLike {
  method: string;
  fullPath: string;
  action?: string | null;
  route?: unknown;
  /** Made from a service's `rest:` declarations (autoAliases), not configured by hand. */
  _generated?: boolean;
}

/** Per route, the generated aliases of each service, as last seen while it had a node. */
export type SeenAliases = Map<unknown, Map<string, AliasLike[]>>;

/**
 * The alias table after moleculer-web regenerated `route`'s aliases, plus the last-seen aliases of
 * every service that has none now (its nodes are gone or restarting). Calling them fails with
 * "service unavailable", a 503 the client retries, where a missing alias would be a final 404.
 * A service that is back replaces its remembered aliases, so routes it dropped become 404.
 */
export function rememberAliases<A extends AliasLike>(aliases: A[], route: unknown, seen: SeenAliases): A[] {
  const fresh = new Map<string, A[]>();
  for (const a of aliases) {
    if (a.route !== route || !a._generated || !a.action) continue;
    const service = serviceOf(a.action);
    fresh.set(service, [...(fresh.get(service) ?? []), a]);
  }
  const known = seen.get(route) ?? new Map<string, AliasLike[]>();
  seen.set(route, known);
  for (const [service, list] of fresh) known.set(service, list);
  const restored = [...known].filter(([service]) => !fresh.has(service)).flatMap(([, list]) => list as A[]);
  return [...aliases, ...restored];
}
