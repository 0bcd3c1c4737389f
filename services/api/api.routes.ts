import type { ServiceBroker } from 'moleculer';
import type { AliasLike } from './api.aliases';
import type { RouteInfo } from './openapi/openapi.document';

/**
 * The gateway's live route table with each route's declared access and param schema: what the
 * OpenAPI document is generated from and what the authorization matrix test walks. Routes kept
 * for a service that has no node right now (they answer 503) are left out until it is back.
 */
export function routeTable(aliases: AliasLike[], broker: ServiceBroker): RouteInfo[] {
  const actions = new Map(
    broker.registry.getActionList({ onlyAvailable: true }).map((a) => [a.name, a.action as Record<string, unknown> | undefined]),
  );
  return aliases
    .filter((a): a is AliasLike & { action: string } => typeof a.action === 'string' && actions.has(a.action))
    .map((a) => {
      const def = actions.get(a.action) ?? {};
      return {
        method: a.method === '*' ? 'GET' : a.method.toUpperCase(),
        fullPath: a.fullPath,
        action: a.action,
        params: def.params as Record<string, unknown> | undefined,
        access: def.access as RouteInfo['access'],
        description: typeof def.description === 'string' ? def.description : undefined,
        response: def.response as RouteInfo['response'],
      };
    })
    .sort((x, y) => x.fullPath.localeCompare(y.fullPath) || x.method.localeCompare(y.method));
}
