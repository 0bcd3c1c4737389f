import { toJsonSchema, type JsonSchema } from './fv-json-schema';
import { accessText, errorResponses, ERROR_SCHEMA, needsAuth } from './openapi.responses';

export type AccessRule = 'public' | 'authenticated' | 'internal' | { roles: string[] };

export interface RouteInfo {
  method: string;
  fullPath: string;
  action: string;
  params?: Record<string, unknown>;
  access?: AccessRule;
  summary?: string;
  description?: string;
  successStatus?: number;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  security?: Record<string, string[]>[];
  'x-access': AccessRule;
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

// OpenAPI's own order for operations within a path item.
const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const BODY_METHODS = new Set(['post', 'put', 'patch']);
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

function successResponse(status: number): Record<string, unknown> {
  if (status === 204) return { description: 'No content' };
  return { description: status === 201 ? 'Created' : 'Success', content: { 'application/json': { schema: {} } } };
}

function buildOperation(route: RouteInfo, method: string, pathNames: string[]): OpenApiOperation {
  const access: AccessRule = route.access ?? 'authenticated';
  const schema = toJsonSchema(route.params);
  const isRoot = route.params?.$$root === true;
  const properties = isRoot ? {} : { ...((schema.properties as Record<string, JsonSchema>) ?? {}) };
  const required = new Set(isRoot ? [] : ((schema.required as string[]) ?? []));

  const parameters: OpenApiParameter[] = pathNames.map((name) => {
    const p: OpenApiParameter = { name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } };
    delete properties[name];
    return p;
  });
  const op: Partial<OpenApiOperation> = {};
  if (BODY_METHODS.has(method)) {
    const remaining = Object.keys(properties);
    if (isRoot) op.requestBody = { required: true, content: { 'application/json': { schema } } };
    else if (remaining.length || schema.additionalProperties === false) {
      const req = remaining.filter((k) => required.has(k));
      const body: JsonSchema = { ...schema, properties };
      if (req.length) body.required = req;
      else delete body.required;
      op.requestBody = { required: req.length > 0, content: { 'application/json': { schema: body } } };
    }
  } else {
    for (const [name, s] of Object.entries(properties)) {
      const p: OpenApiParameter = { name, in: 'query', required: required.has(name), schema: s };
      // Nested objects travel as `filter[name]=x` in a query string.
      if (s.type === 'object') Object.assign(p, { style: 'deepObject', explode: true });
      parameters.push(p);
    }
  }

  const hasParams = isRoot || Object.keys((schema.properties as object) ?? {}).length > 0;
  const successStatus = route.successStatus ?? (method === 'post' ? 201 : 200);
  const restricted = access === 'internal' || typeof access === 'object';
  return {
    operationId: route.action,
    tags: [route.action.split('.')[0]],
    summary: route.summary ?? route.action,
    description: [route.description, `Access: ${accessText(access)}`].filter(Boolean).join('\n\n'),
    ...(parameters.length ? { parameters } : {}),
    ...op,
    ...(needsAuth(access) ? { security: [{ bearerAuth: [] }] } : {}),
    'x-access': access,
    responses: {
      [String(successStatus)]: successResponse(successStatus),
      ...errorResponses({
        validation: hasParams,
        auth: needsAuth(access),
        forbidden: restricted,
        notFound: pathNames.length > 0,
      }),
    },
  };
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
  const tags = [...new Set(sorted.map((r) => r.action.split('.')[0]))].sort(cmp).map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    tags,
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

// Code-unit order, not locale order, so output is the same on every machine.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
