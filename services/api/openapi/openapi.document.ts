import type { JsonSchema } from './fv-json-schema';
import { buildOperation, type OpenApiOperation, type RouteInfo } from './openapi.operation';
import { ERROR_RESPONSES, ERROR_SCHEMA, HEADERS, PARAMETERS, type AccessRule } from './openapi.responses';

export type { AccessRule, OpenApiOperation, RouteInfo };
export type { OpenApiParameter } from './openapi.operation';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string; license: { name: string; identifier: string } };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
    parameters: Record<string, unknown>;
    headers: Record<string, unknown>;
    responses: Record<string, unknown>;
  };
}

// OpenAPI's own order for operations within a path item.
const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// path-to-regexp 8 (moleculer-web 0.11): `:name` parameters and `*name` wildcards.
const PATH_PARAM = /[:*]([A-Za-z_$][A-Za-z0-9_$]*)/g;

/** `/api/me/addresses/:id` → `/api/me/addresses/{id}`; optional `{…}` groups are documented as present. */
export function toOpenApiPath(fullPath: string): { path: string; names: string[] } {
  const names: string[] = [];
  // moleculer-web already drops a trailing slash; doing it here too keeps hand-built tables equal.
  const bare = `/${fullPath}`
    .replace(/[{}]/g, '')
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/$/, '$1');
  const path = bare.replace(PATH_PARAM, (_m, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { path, names };
}

function normalizeMethod(method: string): string {
  const m = method.trim().toLowerCase();
  return m === '*' || !METHOD_ORDER.includes(m) ? 'get' : m;
}

/** An OpenAPI 3.1 document for the gateway's route table; same input, byte-identical output. */
export function buildOpenApi(
  routes: RouteInfo[],
  info: { title: string; version: string; description?: string },
): OpenApiDocument {
  const byPath = new Map<string, Map<string, OpenApiOperation>>();
  const operationIds = new Map<string, number>();
  const sorted = [...routes].sort((a, b) => cmp(a.fullPath, b.fullPath) || cmp(a.method, b.method) || cmp(a.action, b.action));
  for (const route of sorted) {
    const { path, names } = toOpenApiPath(route.fullPath);
    const method = normalizeMethod(route.method);
    const ops = byPath.get(path) ?? new Map<string, OpenApiOperation>();
    byPath.set(path, ops);
    // The gateway serves the first alias that matches; a later duplicate is unreachable.
    if (ops.has(method)) continue;
    const op = buildOperation(route, method, names);
    const seen = operationIds.get(op.operationId) ?? 0;
    operationIds.set(op.operationId, seen + 1);
    // operationIds must be unique even when one action is published on several routes.
    if (seen) op.operationId = `${op.operationId}_${seen + 1}`;
    ops.set(method, op);
  }

  const paths: OpenApiDocument['paths'] = {};
  for (const path of [...byPath.keys()].sort(cmp)) {
    const ops = byPath.get(path)!;
    paths[path] = Object.fromEntries(METHOD_ORDER.filter((m) => ops.has(m)).map((m) => [m, ops.get(m)!]));
  }
  const tags = [...new Set(sorted.map((r) => r.action.split('.')[0]))]
    .sort(cmp)
    .map((name) => ({ name, description: `Routes of the ${name} service.` }));
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Paths carry their full prefix (/api/...), so the server is the gateway's origin, whatever it is.
    servers: [{ url: '/', description: 'The gateway this document was fetched from' }],
    tags,
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      parameters: PARAMETERS,
      headers: HEADERS,
      responses: ERROR_RESPONSES,
    },
  };
}

// Code-unit order, not locale order, so output is the same on every machine.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
