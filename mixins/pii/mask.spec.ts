import { maskEmail, maskPhone, maskPiiInText, maskText } from './mask';
import { PERSON_TEXT, normalizeEmail } from './normalize';

describe('masking', () => {
  it.each([
    ['john.smith@example.com', 'jo***@example.com'],
    ['ab@example.com', 'a***@example.com'],
    ['a@example.com', 'a***@example.com'],
    ['no-at-sign', '***'],
  ])('masks %s as %s', (email, masked) => expect(maskEmail(email)).toBe(masked));

  it('keeps the last 4 digits of a phone number and the first letter of a name', () => {
    expect(maskPhone('+4915112345678')).toBe('***5678');
    expect(maskText('Ann Smith')).toBe('A***');
  });

  it('masks every email and E.164 phone number in a log line, and nothing else', () => {
    const line = '{"msg":"mail to ann.smith@example.com (+4915112345678) for order 123456789012, at 1733450000000"}';
    expect(maskPiiInText(line)).toBe('{"msg":"mail to an***@example.com (***5678) for order 123456789012, at 1733450000000"}');
    expect(maskPiiInText('sum 1+2=3, v1.2+build7')).toBe('sum 1+2=3, v1.2+build7');
  });
});

describe('lookalike identities', () => {
  it('folds fullwidth letters and case into one email', () => {
    expect(normalizeEmail(' Ａnn@Example.com ')).toBe('ann@example.com');
  });

  it.each([
    ['right-to-left override', 'ann\u202Eoc.elpmaxe@x.com'],
    ['zero-width space', 'a\u200Bnn'],
    ['left-to-right mark', 'ann\u200E'],
    ['isolate', '\u2066ann\u2069'],
    ['byte order mark', '\uFEFFann'],
  ])('refuses a %s in personal text', (_what, text) => expect(PERSON_TEXT.test(text)).toBe(false));

  it('accepts ordinary names in any script', () => {
    for (const name of ['Zoë Ånström', 'Łukasz Żółw', '山田 太郎', 'محمد', "O'Brien-Smith"])
      expect(PERSON_TEXT.test(name)).toBe(true);
  });
});
