import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path';
import { docsAsset, docsHtml, docsInitJs } from './openapi.docs';

describe('docs page', () => {
  const html = docsHtml('/api/openapi.json', '/api/docs/assets/');

  it('loads Swagger UI from the asset base and points it at the spec', () => {
    expect(html).toContain('<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">');
    expect(html).toContain('<script src="/api/docs/assets/swagger-ui-bundle.js"></script>');
    expect(html).toContain('<script src="/api/docs/assets/docs-init.js"></script>');
    expect(html).toContain('data-spec-url="/api/openapi.json"');
    expect(docsInitJs()).toContain("getAttribute('data-spec-url')");
  });

  it('has no inline script, so a CSP without unsafe-inline works', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(2);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('escapes the URLs it embeds', () => {
    const evil = docsHtml('/x"><script>alert(1)</script>', '/a');
    expect(evil).not.toContain('<script>alert');
    expect(evil).toContain('data-spec-url="/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('serves the allow-listed assets with their content types', () => {
    const dir = getAbsoluteFSPath();
    expect(docsAsset('swagger-ui.css')).toEqual({
      body: readFileSync(join(dir, 'swagger-ui.css')),
      contentType: 'text/css; charset=utf-8',
    });
    const bundle = docsAsset('swagger-ui-bundle.js')!;
    expect(bundle.contentType).toMatch(/^text\/javascript/);
    expect(bundle.body.equals(readFileSync(join(dir, 'swagger-ui-bundle.js')))).toBe(true);
    expect(docsAsset('favicon-32x32.png')?.contentType).toBe('image/png');
    expect(docsAsset('favicon-32x32.png')?.body.subarray(1, 4).toString()).toBe('PNG');
    expect(docsAsset('docs-init.js')).toEqual({ body: Buffer.from(docsInitJs()), contentType: 'text/javascript; charset=utf-8' });
  });

  it('returns null for any other name, traversal included', () => {
    for (const name of [
      '../package.json',
      'package.json',
      'index.html',
      '',
      '.',
      'swagger-ui.css/../package.json',
      '/etc/passwd',
      '__proto__',
      'constructor',
      'SWAGGER-UI.CSS',
    ]) {
      expect([name, docsAsset(name)]).toEqual([name, null]);
    }
  });
});
