import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The package's `absolutePath`/`getAbsoluteFSPath` helper on its own: the package index also
// require()s the 1.5 MB browser bundle, which the server never runs.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path';

export interface DocsAsset {
  body: Buffer;
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

/** The only names docsAsset serves; anything else (e.g. `../package.json`) is never a path. */
const SWAGGER_FILES: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', JS],
  ['favicon-32x32.png', 'image/png'],
]);
const INIT_ASSET = 'docs-init.js';

const cache = new Map<string, DocsAsset>();

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The Swagger UI bootstrap. It is a static file that reads the spec URL from the page, so the page
 * needs no inline script and works under a `script-src 'self'` Content-Security-Policy.
 */
export function docsInitJs(): string {
  return `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;
}

/** The docs page: Swagger UI loading `specUrl`, with every script and style served from `assetBase`. */
export function docsHtml(specUrl: string, assetBase: string): string {
  const base = escapeAttr(assetBase.replace(/\/+$/, ''));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API documentation</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-spec-url="${escapeAttr(specUrl)}"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/${INIT_ASSET}"></script>
</body>
</html>
`;
}

/** One allow-listed docs asset by file name, or null for any other name. */
export function docsAsset(name: string): DocsAsset | null {
  const cached = cache.get(name);
  if (cached) return cached;
  let asset: DocsAsset;
  if (name === INIT_ASSET) asset = { body: Buffer.from(docsInitJs(), 'utf8'), contentType: JS };
  else {
    const contentType = SWAGGER_FILES.get(name);
    if (!contentType) return null;
    asset = { body: readFileSync(join(getAbsoluteFSPath(), name)), contentType };
  }
  cache.set(name, asset);
  return asset;
}
