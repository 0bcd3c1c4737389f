import { ConfigError } from './env';
import { DEFAULT_MAIL_FROM, mailConfig } from './mail';

describe('mailConfig', () => {
  it('defaults to the JSON transport and the default sender', () => {
    expect(mailConfig({})).toEqual({ transport: { kind: 'json' }, from: DEFAULT_MAIL_FROM });
    expect(mailConfig({ MAIL_TRANSPORT: ' json ' }).transport).toEqual({ kind: 'json' });
  });

  it('takes an smtp:// or smtps:// URL', () => {
    expect(mailConfig({ MAIL_TRANSPORT: 'smtp://mail.example.com:587' }).transport).toEqual({
      kind: 'smtp',
      url: 'smtp://mail.example.com:587',
    });
    const url = 'smtps://user:pass@mail.example.com:465';
    expect(mailConfig({ MAIL_TRANSPORT: url, MAIL_FROM: 'orders@example.com' })).toEqual({
      transport: { kind: 'smtp', url },
      from: 'orders@example.com',
    });
  });

  it('refuses other transports without echoing credentials', () => {
    expect(() => mailConfig({ MAIL_TRANSPORT: 'file' })).toThrow(ConfigError);
    const run = () => mailConfig({ MAIL_TRANSPORT: 'http://user:hunter2@mail.example.com' });
    expect(run).toThrow(/MAIL_TRANSPORT must be a URL starting with smtp:\/\/ or smtps:\/\//);
    expect(run).not.toThrow(/hunter2/);
  });

  it('refuses a sender that is no address or could inject a header', () => {
    for (const bad of ['nobody', 'Shop <no-reply@example.com>\r\nBcc: x@example.com', `${'a'.repeat(200)}@example.com`]) {
      expect(() => mailConfig({ MAIL_FROM: bad })).toThrow(/MAIL_FROM must be an address/);
    }
    expect(mailConfig({ MAIL_FROM: 'The Shop <shop@example.com>' }).from).toBe('The Shop <shop@example.com>');
  });
});
