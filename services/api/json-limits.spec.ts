import { checkJsonText, JSON_LIMITS, type JsonLimits } from './json-limits';

const small: JsonLimits = { depth: 3, members: 5, stringChars: 4, keyChars: 3 };
const nested = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('checkJsonText', () => {
  it('accepts ordinary bodies and leaves invalid JSON to the parser', () => {
    expect(checkJsonText('{"name":"x","items":[{"sku":"a","qty":2}],"note":"say \\"hi\\""}')).toBeNull();
    expect(checkJsonText('{"a":[1,2],"b":{"c":null}}', small)).toBeNull();
    for (const bad of ['{"a":', '{"a":"unterminated', '}}}', '{"\\x":1}']) expect(checkJsonText(bad)).toBeNull();
  });

  it('refuses nesting beyond the depth limit without recursion, however deep', () => {
    expect(checkJsonText(nested(3), small)).toBeNull();
    expect(checkJsonText(nested(4), small)).toMatchObject({ status: 400, type: 'BODY_TOO_DEEP' });
    expect(checkJsonText('['.repeat(1_000_000))).toMatchObject({ type: 'BODY_TOO_DEEP' });
    expect(checkJsonText(nested(10_000))?.message).toContain(String(JSON_LIMITS.depth));
  });

  it('counts keys and array items across the whole body', () => {
    expect(checkJsonText('{"a":[1,2],"b":1,"c":[]}', small)).toBeNull();
    expect(checkJsonText('{"a":[1,2,3],"b":1,"c":1}', small)).toMatchObject({ status: 413, type: 'BODY_TOO_LARGE' });
    expect(checkJsonText('[[],[],[],[],[],[]]', small)).toMatchObject({ type: 'BODY_TOO_LARGE' });
    expect(checkJsonText(`[${'0,'.repeat(10_000)}0]`)).toMatchObject({ type: 'BODY_TOO_LARGE' });
  });

  it('measures strings as decoded, so escapes neither hide nor inflate a length', () => {
    expect(checkJsonText('{"a":"\\u0041\\u0041\\u0041\\u0041"}', small)).toBeNull();
    expect(checkJsonText('{"a":"abcde"}', small)).toMatchObject({ status: 413, type: 'STRING_TOO_LONG', field: 'a' });
    expect(checkJsonText('{"a":["ok","abcde"]}', small)).toMatchObject({ field: 'a.1' });
    expect(checkJsonText('{"abcd":1}', small)).toMatchObject({ status: 400, type: 'KEY_TOO_LONG' });
    expect(checkJsonText('{"\\u0061\\u0062\\u0063":1}', small)).toBeNull();
  });

  it('refuses a key repeated in one object (which value wins is parser-dependent), comparing decoded keys', () => {
    expect(checkJsonText('{"a":{"b":1},"c":{"b":2}}')).toBeNull();
    expect(checkJsonText('{"role":"customer","role":"admin"}')).toMatchObject({
      status: 400,
      type: 'DUPLICATE_KEY',
      field: 'role',
    });
    expect(checkJsonText('{"x":[{"a":1,"\\u0061":2}]}')).toMatchObject({ field: 'x.0.a' });
    // Strings ending in escaped backslashes or holding escaped quotes end where JSON says.
    expect(checkJsonText('{"a":"x\\\\","a":1}')).toMatchObject({ type: 'DUPLICATE_KEY', field: 'a' });
    expect(checkJsonText('{"a":"\\",\\"a\\":1","b":1}')).toBeNull();
  });

  it('names prototype-poisoning keys at any depth', () => {
    expect(checkJsonText('{"name":"x","nested":{"__proto__":{"admin":true}}}')).toEqual({
      status: 422,
      type: 'VALIDATION_ERROR',
      message: "The 'nested.__proto__' field is not allowed.",
      field: 'nested.__proto__',
    });
    expect(checkJsonText('{"a":[1,{"constructor":1}]}')).toMatchObject({ field: 'a.1.constructor' });
  });

  it('echoes keys only as printable ASCII without quotes', () => {
    const breach = checkJsonText('{"a\\"\\u0000b":1,"a\\"\\u0000b":2}');
    expect(breach?.field).toBe('a??b');
  });
});
