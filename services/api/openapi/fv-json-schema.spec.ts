import Validator from 'fastest-validator';
import { convertRule, toJsonSchema } from './fv-json-schema';
import { normalizeRule, parseShorthand } from './fv-shorthand';

const schemaOf = (rule: unknown) => convertRule(rule).schema;

describe('fastest-validator → JSON Schema', () => {
  it('parses shorthands exactly like fastest-validator does', () => {
    const fv = new Validator() as unknown as { parseShortHand(s: string): unknown };
    for (const s of [
      'string|min:3|optional',
      'number|integer|positive',
      'email|optional',
      'string|no-empty|max:20',
      'string|pattern:abc',
      'boolean|convert:true',
    ]) {
      expect(parseShorthand(s)).toEqual(fv.parseShortHand(s));
    }
    expect(parseShorthand('string[]|optional')).toEqual({ type: 'array', items: 'string', optional: true });
  });

  it('converts string constraints', () => {
    expect(schemaOf({ type: 'string', min: 3, max: 10, pattern: /^[a-z]+$/, enum: ['abc', 'defg'] })).toEqual({
      type: 'string',
      minLength: 3,
      maxLength: 10,
      pattern: '^[a-z]+$',
      enum: ['abc', 'defg'],
    });
    expect(schemaOf({ type: 'string', length: 4 })).toEqual({ type: 'string', minLength: 4, maxLength: 4 });
    expect(schemaOf({ type: 'string', empty: false })).toEqual({ type: 'string', minLength: 1 });
    expect(schemaOf({ type: 'string', pattern: '^A', patternFlags: 'i' })).toEqual({
      type: 'string',
      pattern: '^A',
      description: 'The pattern is matched case-insensitively.',
    });
    expect(schemaOf({ type: 'string', trim: true, max: 5 })).toEqual({
      type: 'string',
      maxLength: 5,
      description: 'Before validation leading and trailing whitespace is trimmed.',
    });
    expect(schemaOf({ type: 'string', contains: 'a.b' }).pattern).toBe('a\\.b');
    expect(schemaOf({ type: 'string', min: 2, empty: true }).description).toBe('An empty string is also accepted.');
  });

  it('keeps every string flag pattern, agreeing with what fastest-validator accepts', () => {
    const v = new Validator();
    const samples = ['12', '-1.5', '1.', 'abc', 'aB9', 'a_b-c', 'ff0A', 'aGVsbG8=', 'two\nlines', '', 'x y', 'abcd', 'fff'];
    for (const flag of ['numeric', 'alpha', 'alphanum', 'alphadash', 'hex', 'base64', 'singleLine']) {
      const s = schemaOf({ type: 'string', [flag]: true });
      const check = v.compile({ s: { type: 'string', [flag]: true } });
      for (const sample of samples)
        expect([flag, sample, new RegExp(s.pattern as string).test(sample)]).toEqual([
          flag,
          sample,
          check({ s: sample }) === true,
        ]);
    }
    const both = schemaOf({ type: 'string', alpha: true, pattern: /^a/ });
    expect(both.pattern).toBe('^a');
    expect(both.allOf).toEqual([{ pattern: '^[a-zA-Z]+$' }]);
  });

  it('gives email, url and uuid their formats', () => {
    expect(schemaOf({ type: 'email', max: 254 })).toEqual({ type: 'string', format: 'email', maxLength: 254 });
    expect(schemaOf('url')).toEqual({ type: 'string', format: 'uri' });
    expect(schemaOf({ type: 'uuid', version: 4 })).toEqual({ type: 'string', format: 'uuid', description: 'UUID version 4.' });
  });

  it('converts numbers, booleans, enums and dates', () => {
    expect(schemaOf({ type: 'number', integer: true, min: 1, max: 100, convert: true })).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    expect(schemaOf({ type: 'number', positive: true })).toEqual({ type: 'number', exclusiveMinimum: 0 });
    expect(schemaOf({ type: 'number', negative: true, notEqual: -1 })).toEqual({
      type: 'number',
      exclusiveMaximum: 0,
      not: { const: -1 },
    });
    expect(schemaOf('boolean')).toEqual({ type: 'boolean' });
    expect(schemaOf({ type: 'enum', values: ['a', 'b'] })).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(schemaOf({ type: 'enum', values: [1, 'a'] })).toEqual({ enum: [1, 'a'] });
    expect(schemaOf({ type: 'date', convert: true })).toEqual({ type: 'string', format: 'date-time' });
  });

  it('converts objects, strict objects and nested $$type shorthands', () => {
    expect(schemaOf({ type: 'object', strict: true, props: { a: 'string', b: 'number|optional' }, minProps: 1 })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a'],
      additionalProperties: false,
      minProperties: 1,
    });
    expect(schemaOf({ type: 'object', strict: 'remove', properties: { a: 'any' } }).additionalProperties).toBe(false);
    expect(schemaOf({ type: 'object' })).toEqual({ type: 'object' });
    const nested = convertRule({ $$type: 'object|optional', street: 'string', zip: { type: 'string', length: 5 } });
    expect(nested.optional).toBe(true);
    expect(nested.schema).toEqual({
      type: 'object',
      properties: { street: { type: 'string' }, zip: { type: 'string', minLength: 5, maxLength: 5 } },
      required: ['street', 'zip'],
    });
    expect(normalizeRule({ $$type: 'object', a: 'string' })).toEqual({ type: 'object', props: { a: 'string' } });
  });

  it('converts arrays, tuples and records', () => {
    expect(schemaOf({ type: 'array', items: 'string|max:5', min: 1, max: 3, unique: true })).toEqual({
      type: 'array',
      items: { type: 'string', maxLength: 5 },
      minItems: 1,
      maxItems: 3,
      uniqueItems: true,
    });
    expect(schemaOf({ type: 'array', items: 'number', empty: false })).toEqual({
      type: 'array',
      items: { type: 'number' },
      minItems: 1,
    });
    expect(schemaOf('string[]')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(schemaOf({ type: 'array', items: 'string', enum: ['x', 'y'] }).items).toEqual({ type: 'string', enum: ['x', 'y'] });
    expect(schemaOf({ type: 'tuple', items: ['number', 'string'] })).toEqual({
      type: 'array',
      prefixItems: [{ type: 'number' }, { type: 'string' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    expect(schemaOf({ type: 'record', key: { type: 'string', max: 50 }, value: 'number' })).toEqual({
      type: 'object',
      propertyNames: { type: 'string', maxLength: 50 },
      additionalProperties: { type: 'number' },
    });
  });

  it('converts any, equal, multi and alternatives lists', () => {
    expect(schemaOf('any')).toEqual({});
    expect(schemaOf({ type: 'equal', value: true })).toEqual({ const: true });
    expect(schemaOf({ type: 'equal', field: 'password' }).description).toContain('"password"');
    expect(schemaOf({ type: 'multi', rules: ['string', 'number'] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] });
    const list = convertRule(['string|optional', 'number|optional']);
    expect(list).toEqual({ schema: { anyOf: [{ type: 'string' }, { type: 'number' }] }, optional: true, forbidden: false });
    expect(convertRule(['string|optional', 'number']).optional).toBe(false);
  });

  it('degrades unknown rule types to {} with a description', () => {
    expect(() => schemaOf({ type: 'mystery' })).not.toThrow();
    expect(schemaOf({ type: 'mystery' })).toEqual({ description: expect.stringContaining('"mystery"') });
    expect(schemaOf({ type: 'class', instanceOf: Date })).toEqual({ description: expect.stringContaining('"class"') });
    expect(convertRule({ type: 'function', optional: true }).optional).toBe(true);
  });

  it('applies optional, default, nullable and label', () => {
    expect(convertRule({ type: 'number', default: 1 })).toEqual({
      schema: { type: 'number', default: 1 },
      optional: true,
      forbidden: false,
    });
    expect(convertRule({ type: 'string', default: () => 'x' })).toEqual({
      schema: { type: 'string' },
      optional: true,
      forbidden: false,
    });
    expect(schemaOf({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(schemaOf({ type: 'any', nullable: true })).toEqual({ anyOf: [{}, { type: 'null' }] });
    expect(schemaOf({ type: 'string', label: 'Name' })).toEqual({ title: 'Name', type: 'string' });
  });

  it('turns a params schema into an object schema', () => {
    const params = {
      email: 'email',
      password: { type: 'string', min: 8, optional: true },
      page: { type: 'number', integer: true, default: 1 },
      role: { type: 'forbidden' },
      $$strict: 'remove',
      $$async: false,
    };
    expect(toJsonSchema(params)).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        password: { type: 'string', minLength: 8 },
        page: { type: 'integer', default: 1 },
      },
      required: ['email'],
      additionalProperties: false,
    });
    expect(toJsonSchema({ $$strict: true, a: 'string' }).additionalProperties).toBe(false);
    expect(toJsonSchema({ a: 'string' })).not.toHaveProperty('additionalProperties');
    expect(toJsonSchema(undefined)).toEqual({ type: 'object', properties: {} });
    expect(toJsonSchema({ $$root: true, type: 'array', items: 'uuid' })).toEqual({
      type: 'array',
      items: { type: 'string', format: 'uuid' },
    });
  });
});
