import { normalizeRule, type FvRule } from './fv-shorthand';
import { stringSchema } from './fv-string-schema';

export type JsonSchema = Record<string, unknown>;

export interface ConvertedRule {
  schema: JsonSchema;
  /** Not required from the caller: `optional: true` or a `default` the validator fills in. */
  optional: boolean;
  /** `forbidden` rules document nothing: the property must simply not be sent. */
  forbidden: boolean;
}

const isStrict = (v: unknown): boolean => v === true || v === 'remove';
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function withNullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type)) return { ...schema, type: [...schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** The JSON Schema for an object whose properties are fastest-validator rules (`$$` keys are meta). */
export function objectSchema(props: Record<string, unknown>, strict?: unknown): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('$$')) continue;
    const c = convertRule(value);
    if (c.forbidden) continue;
    properties[key] = c.schema;
    if (!c.optional) required.push(key);
  }
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(isStrict(strict) ? { additionalProperties: false } : {}),
  };
}

function arraySchema(rule: FvRule): JsonSchema {
  const out: JsonSchema = { type: 'array' };
  let items = rule.items !== undefined ? convertRule(rule.items).schema : undefined;
  if (Array.isArray(rule.enum)) items = { ...items, enum: rule.enum };
  if (items) out.items = items;
  const length = num(rule.length);
  const min = length ?? num(rule.min) ?? (rule.empty === false ? 1 : undefined);
  const max = length ?? num(rule.max);
  if (min !== undefined) out.minItems = rule.empty === false ? Math.max(min, 1) : min;
  if (max !== undefined) out.maxItems = max;
  if (rule.unique === true) out.uniqueItems = true;
  if (rule.contains !== undefined) out.contains = { const: rule.contains };
  return out;
}

function numberSchema(rule: FvRule): JsonSchema {
  const out: JsonSchema = { type: rule.integer === true ? 'integer' : 'number' };
  if (num(rule.min) !== undefined) out.minimum = rule.min;
  if (num(rule.max) !== undefined) out.maximum = rule.max;
  if (rule.positive === true) out.exclusiveMinimum = 0;
  if (rule.negative === true) out.exclusiveMaximum = 0;
  if (num(rule.equal) !== undefined) out.const = rule.equal;
  if (num(rule.notEqual) !== undefined) out.not = { const: rule.notEqual };
  return out;
}

function enumSchema(values: unknown[]): JsonSchema {
  const types = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
  const only = types.size === 1 ? [...types][0] : undefined;
  return only === 'string' || only === 'number' || only === 'boolean' ? { type: only, enum: values } : { enum: values };
}

function unsupported(type: unknown): JsonSchema {
  return { description: `Checked by the server-side "${String(type)}" rule, which has no JSON Schema equivalent.` };
}

function typeSchema(rule: FvRule): JsonSchema {
  switch (rule.type) {
    case 'string':
      return stringSchema(rule);
    case 'email':
    case 'url':
    case 'uuid':
      return stringSchema(rule);
    case 'number':
      return numberSchema(rule);
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return Array.isArray(rule.values) ? enumSchema(rule.values) : unsupported('enum without values');
    case 'date':
      // A Date only arrives over HTTP as an ISO string (or epoch number) that `convert` turns into one.
      return { type: 'string', format: 'date-time' };
    case 'object': {
      const props = (rule.props ?? rule.properties) as Record<string, unknown> | undefined;
      const out: JsonSchema = props ? objectSchema(props, rule.strict) : { type: 'object' };
      if (num(rule.minProps) !== undefined) out.minProperties = rule.minProps;
      if (num(rule.maxProps) !== undefined) out.maxProperties = rule.maxProps;
      return out;
    }
    case 'array':
      return arraySchema(rule);
    case 'tuple': {
      const items = Array.isArray(rule.items) ? rule.items.map((i) => convertRule(i).schema) : [];
      return { type: 'array', prefixItems: items, items: false, minItems: items.length, maxItems: items.length };
    }
    case 'record': {
      const out: JsonSchema = { type: 'object' };
      if (rule.key !== undefined) out.propertyNames = convertRule(rule.key).schema;
      if (rule.value !== undefined) out.additionalProperties = convertRule(rule.value).schema;
      return out;
    }
    case 'any':
      return {};
    case 'equal':
      if (typeof rule.field === 'string') return { description: `Must equal the "${rule.field}" field.` };
      return rule.value !== undefined ? { const: rule.value } : {};
    case 'multi': {
      const alternatives = Array.isArray(rule.rules) ? rule.rules.map((r) => convertRule(r).schema) : [];
      // fastest-validator accepts a value matching any alternative, even several: anyOf, not oneOf.
      return alternatives.length ? { anyOf: alternatives } : {};
    }
    case 'objectID':
      return { type: 'string', pattern: '^[0-9a-fA-F]{24}$' };
    case 'luhn':
    case 'mac':
    case 'currency':
      return { type: 'string', description: `Checked by the server-side "${rule.type}" rule.` };
    default:
      return unsupported(rule.type);
  }
}

/** Converts one fastest-validator rule (long form, shorthand string or alternatives list). */
export function convertRule(input: unknown): ConvertedRule {
  const rule = normalizeRule(input);
  if (!rule) return { schema: unsupported(typeof input), optional: false, forbidden: false };
  if (rule.type === 'forbidden') return { schema: { not: {} }, optional: true, forbidden: true };
  let schema = typeSchema(rule);
  if (typeof rule.label === 'string') schema = { title: rule.label, ...schema };
  if (typeof rule.description === 'string') schema.description = rule.description;
  // A function default is computed per call; it is still a default, but not a documentable value.
  if (rule.default !== undefined && typeof rule.default !== 'function') schema.default = rule.default;
  if (rule.nullable === true) schema = withNullable(schema);
  return { schema, optional: rule.optional === true || rule.default !== undefined, forbidden: false };
}

/**
 * Converts an action's `params` (a fastest-validator schema) to JSON Schema (2020-12, as used by
 * OpenAPI 3.1). Without `$$root` the params are the properties of an object; `$$strict` (true or
 * 'remove') means unknown fields are rejected or dropped, so none are accepted.
 */
export function toJsonSchema(params: unknown): JsonSchema {
  if (params === null || params === undefined || typeof params !== 'object' || Array.isArray(params)) {
    return { type: 'object', properties: {} };
  }
  const p = params as Record<string, unknown>;
  if (p.$$root === true) {
    const { $$root: _root, ...rule } = p;
    return convertRule(rule).schema;
  }
  return objectSchema(p, p.$$strict);
}
