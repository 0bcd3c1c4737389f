import { randomBytes } from 'node:crypto';
import { piiConfig } from './pii';

const key = () => randomBytes(32).toString('base64');

describe('PII key configuration', () => {
  it('reads id:base64 KEKs, the first current unless PII_KEY_ID names another', () => {
    const [a, b] = [key(), key()];
    const cfg = piiConfig({ PII_KEYS: `new:${a}, old:${b}` });
    expect(cfg.keks.map((k) => k.id)).toEqual(['new', 'old']);
    expect(cfg.keks[1].key).toEqual(Buffer.from(b, 'base64'));
    expect(cfg.currentKekId).toBe('new');
    expect(piiConfig({ PII_KEYS: `new:${a},old:${b}`, PII_KEY_ID: 'old' }).currentKekId).toBe('old');
    expect(piiConfig({}, 'embedded')).toEqual({ keks: [] });
  });

  it.each([
    [{}, 'cluster', /PII_KEYS must be set in cluster mode/],
    [{ PII_KEYS: 'k1:c2hvcnQ=' }, 'embedded', /PII_KEYS must be id:base64key pairs.*\(got "k1:\*\*\*"\)/],
    [{ PII_KEYS: `bad id:${key()}` }, 'embedded', /PII_KEYS must be id:base64key/],
    [{ PII_KEYS: `a:${key()},a:${key()}` }, 'embedded', /PII_KEYS must be pairs with distinct key ids \(got "a twice"\)/],
    [{ PII_KEYS: `a:${key()}`, PII_KEY_ID: 'b' }, 'embedded', /PII_KEY_ID must be one of the ids in PII_KEYS \(a\)/],
    [{ PII_KEY_ID: 'b' }, 'embedded', /PII_KEY_ID must be unset unless PII_KEYS is set/],
  ] as const)('fails fast on %j (%s), never echoing a key', (env, mode, message) => {
    expect(() => piiConfig(env, mode)).toThrow(message);
  });
});
