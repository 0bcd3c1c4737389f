import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against the gateway's own OpenAPI document: the status must be documented
 * for the operation and a JSON body must match its schema. Used by the shared test HTTP client, so
 * every suite that talks to a gateway also proves the document true.
 */
type Doc = { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>;
type Operation = { responses: Record<string, Response | { $ref: string }> };
type Response = { content?: Record<string, { schema?: unknown }> };
interface Contract {
  doc: Doc;
  ajv: Ajv2020;
  routes: { method: string; template: string; pattern: RegExp; literals: number }[];
  fetchedAt: number;
  validators: Map<string, ValidateFunction>;
}

const contracts = new Map<string, Promise<Contract | null>>();
const DOC_ID = 'https://shop.test/openapi.json';
const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

async function load(api: string): Promise<Contract | null> {
  const res = await fetch(`${api}/openapi.json`).catch(() => null);
  if (!res || res.status !== 200) return null;
  const doc = (await res.json()) as Doc;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document itself is their root, so $refs resolve.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
  const routes = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops).map((method) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    })),
  );
  // The gateway prefers a literal segment over a parameter (e.g. /inventory/receipts over /inventory/{sku}).
  routes.sort((a, b) => b.literals - a.literals);
  return { doc, ajv, routes, fetchedAt: Date.now(), validators: new Map() };
}

async function contractOf(api: string, fresh = false): Promise<Contract | null> {
  const cached = contracts.get(api);
  if (cached && !fresh) return cached;
  const next = load(api);
  contracts.set(api, next);
  return next;
}

function resolve(doc: Doc, node: Response | { $ref: string }): Response {
  if (!('$ref' in node)) return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  return path.reduce<Record<string, unknown>>(
    (o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')] as Record<string, unknown>,
    doc,
  ) as Response;
}

/** Problems with one response (empty when it matches the document, or the route is not in it). */
export async function responseProblems(
  api: string,
  method: string,
  route: string,
  status: number,
  contentType: string,
  body: unknown,
): Promise<string[]> {
  const path = new URL(`${api}${route}`).pathname;
  const find = (c: Contract) => c.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
  let contract = await contractOf(api);
  if (!contract) return [];
  let op = find(contract);
  // A service that came (back) after the document was read: its routes are in the next one.
  if (!op && Date.now() - contract.fetchedAt > 1_000) {
    contract = await contractOf(api, true);
    op = contract ? find(contract) : undefined;
  }
  // Not routed (the gateway's own 404/405) or a service gone: nothing documented to hold it to.
  if (!contract || !op) return [];
  const operation = contract.doc.paths[op.template][op.method.toLowerCase()];
  const documented = operation.responses[String(status)];
  const where = `${method} ${op.template} → ${status}`;
  if (!documented) return [`${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  const response = resolve(contract.doc, documented);
  if (!response.content) return body === null || body === undefined || body === '' ? [] : [`${where}: documented without a body`];
  const media = Object.keys(response.content);
  const json = media.find((m) => m.includes('json'));
  if (!json)
    return media.includes('*/*') || media.some((m) => contentType.startsWith(m))
      ? []
      : [`${where}: ${contentType} not documented`];
  if (!/json/.test(contentType)) return [`${where}: answered ${contentType || 'no content type'}, documented ${json}`];
  const key = `${op.template} ${op.method} ${status}`;
  let validate = contract.validators.get(key);
  if (!validate) {
    const ref =
      documented && '$ref' in documented
        ? documented.$ref.replace(/^#/, '')
        : `/${pointer(['paths', op.template, op.method.toLowerCase(), 'responses', String(status)])}`;
    validate = contract.ajv.compile({ $ref: `${DOC_ID}#${ref}/content/${pointer([json])}/schema` });
    contract.validators.set(key, validate);
  }
  if (validate(body)) return [];
  return [`${where}: ${contract.ajv.errorsText(validate.errors, { dataVar: 'body' })}`];
}
