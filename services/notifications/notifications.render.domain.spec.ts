import {
  currentByChannel,
  escapeHtml,
  lookup,
  MissingVariableError,
  placeholders,
  render,
  syntaxProblem,
} from './notifications.render.domain';

const html = (subject: string, body: string) => ({ format: 'html' as const, subject, body });
const text = (subject: string, body: string) => ({ format: 'text' as const, subject, body });

describe('render', () => {
  it('fills every placeholder, with or without spaces, and dotted paths into nested values', () => {
    const out = render(text('Order {{ ref }}', 'Hi {{name}}, {{ order.total }} for {{ref}}.'), {
      name: 'Ann',
      ref: 'A1',
      order: { total: 'EUR 12.50' },
    });
    expect(out).toEqual({ subject: 'Order A1', body: 'Hi Ann, EUR 12.50 for A1.' });
  });

  it('renders numbers and booleans as text', () => {
    expect(render(text('', '{{n}} {{ok}}'), { n: 3, ok: false }).body).toBe('3 false');
  });

  it('escapes values in HTML bodies but not the template itself, and leaves text bodies alone', () => {
    const vars = { name: '<script>alert("x")</script> & \'co\'' };
    expect(render(html('Hi {{name}}', '<p>{{name}}</p>'), vars)).toEqual({
      subject: 'Hi <script>alert("x")</script> & \'co\'',
      body: '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    });
    expect(render(text('', '{{name}}'), vars).body).toBe(vars.name);
  });

  it('keeps a link intact in an HTML body (only & < > " \' are escaped)', () => {
    const link = '/account/reset-password#token=abc_DEF-123';
    expect(render(html('', '<a href="{{link}}">reset</a>'), { link }).body).toBe(`<a href="${link}">reset</a>`);
  });

  it('puts the subject on one line whatever the values hold', () => {
    expect(render(text('Order {{ref}}', ''), { ref: 'A\r\nBcc: evil@example.com' }).subject).toBe(
      'Order A Bcc: evil@example.com',
    );
  });

  it('names every missing variable, in subject and body', () => {
    const run = () => render(text('Hi {{name}}', '{{ orderId }} {{total}} {{name}}'), { total: 'EUR 1.00' });
    expect(run).toThrow(MissingVariableError);
    expect(run).toThrow('missing variables name, orderId');
    try {
      run();
    } catch (err) {
      expect((err as MissingVariableError).variables).toEqual(['name', 'orderId']);
    }
    expect(() => render(text('', '{{a}}'), {})).toThrow('missing variable a');
  });

  it('treats null, objects, arrays and non-finite numbers as missing', () => {
    for (const value of [null, undefined, { a: 1 }, ['x'], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => render(text('', '{{v}}'), { v: value })).toThrow('missing variable v');
    }
  });

  it('never reads inherited properties', () => {
    expect(lookup({}, 'constructor')).toBeUndefined();
    expect(lookup({}, '__proto__')).toBeUndefined();
    expect(lookup({ a: {} }, 'a.toString')).toBeUndefined();
    expect(() => render(text('', '{{constructor.name}}'), {})).toThrow('missing variable constructor.name');
  });
});

describe('template syntax', () => {
  it('lists the placeholders once each', () => {
    expect(placeholders('{{a}} {{ b.c }} {{a}}')).toEqual(['a', 'b.c']);
  });

  it('reports braces that are not a placeholder', () => {
    expect(syntaxProblem('Hi {{name}}, all fine')).toBeNull();
    expect(syntaxProblem('Hi {{ name }')).toMatch(/malformed placeholder near "Hi \{\{ name \}"/);
    expect(syntaxProblem('Hi {{na me}}')).toMatch(/malformed placeholder/);
    expect(syntaxProblem('Hi }} there')).toMatch(/malformed placeholder/);
    expect(syntaxProblem('a { single } brace')).toBeNull();
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`&<>"'x`)).toBe('&amp;&lt;&gt;&quot;&#39;x');
  });
});

describe('version choice', () => {
  it('uses the highest version of each channel, whatever the order the store returns', () => {
    const t = (channel: string, templateVersion: number) => ({ id: `${channel}${templateVersion}`, channel, templateVersion });
    const current = currentByChannel([t('email', 2), t('sms', 1), t('email', 10), t('email', 9), t('sms', 3)]);
    expect(current.get('email')?.id).toBe('email10');
    expect(current.get('sms')?.id).toBe('sms3');
    expect(current.get('push')).toBeUndefined();
    expect(currentByChannel([]).size).toBe(0);
  });
});
