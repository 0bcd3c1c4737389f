import { toJsonSchema, type JsonSchema } from './fv-json-schema';
import { accessText, errorResponses, headerParams, needsAuth, type AccessRule } from './openapi.responses';
import type { ActionResponse } from './openapi.types';

export interface RouteInfo {
  method: string;
  fullPath: string;
  action: string;
  params?: Record<string, unknown>;
  access?: AccessRule;
  summary?: string;
  description?: string;
  /** The action's declared success status, body and extra errors (ActionSchema `response`). */
  response?: ActionResponse;
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
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  security: Record<string, string[]>[];
  'x-access': AccessRule;
  responses: Record<string, unknown>;
}

const BODY_METHODS = new Set(['post', 'put', 'patch']);
const headerRefs = (names: string[]) => Object.fromEntries(names.map((h) => [h, { $ref: `#/components/headers/${h}` }]));

/** The success responses an action declares; one without a declaration is documented as an empty JSON body. */
function successResponses(response: ActionResponse | undefined, method: string): Record<string, unknown> {
  const statuses = response ? [response.status].flat() : [method === 'post' ? 201 : 200];
  const headers = headerRefs(['X-Request-ID', ...(response?.headers?.includes('X-Cart-Token') ? ['X-Cart-Token'] : [])]);
  const out: Record<string, unknown> = {};
  for (const status of statuses) {
    const description = response?.description ?? (status === 201 ? 'Created' : status === 202 ? 'Accepted' : 'Success');
    if (status === 204) {
      out['204'] = { description: response?.description ?? 'No content', headers };
      continue;
    }
    const media: Record<string, unknown> = { schema: response?.schema ? toJsonSchema(response.schema) : {} };
    if (response?.example !== undefined) media.example = response.example;
    out[String(status)] = { description, headers, content: { [response?.contentType ?? 'application/json']: media } };
  }
  return out;
}

const byStatus = (responses: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

export function buildOperation(route: RouteInfo, method: string, pathNames: string[]): OpenApiOperation {
  const access: AccessRule = route.access ?? 'authenticated';
  const schema = toJsonSchema(route.params);
  const isRoot = route.params?.$$root === true;
  const properties = isRoot ? {} : { ...((schema.properties as Record<string, JsonSchema>) ?? {}) };
  const required = new Set(isRoot ? [] : ((schema.required as string[]) ?? []));

  const parameters: OpenApiOperation['parameters'] & object = pathNames.map((name) => {
    const p: OpenApiParameter = { name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } };
    delete properties[name];
    return p;
  });
  const op: Partial<OpenApiOperation> = {};
  const hasBody = BODY_METHODS.has(method);
  if (hasBody) {
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
  parameters.push(...headerParams(route.response?.headers));

  const hasParams = isRoot || Object.keys((schema.properties as object) ?? {}).length > 0;
  const restricted = access === 'internal' || typeof access === 'object';
  return {
    operationId: route.action,
    tags: [route.action.split('.')[0]],
    summary: route.summary ?? route.action,
    description: [route.description, `Access: ${accessText(access)}`].filter(Boolean).join('\n\n'),
    parameters,
    ...op,
    // A public route still takes a bearer token (a signed-in caller's cart, say), and refuses a bad one.
    security: needsAuth(access) ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
    'x-access': access,
    responses: byStatus({
      ...errorResponses({
        hasParams,
        hasBody,
        restricted,
        hasPathParams: pathNames.length > 0,
        declared: route.response?.errors,
      }),
      // A declared success status wins over the generic error of that code (health's 503 carries its report).
      ...successResponses(route.response, method),
    }),
  };
}
