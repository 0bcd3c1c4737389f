import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors, type Context } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { toErrorResponse } from './api.errors';
import { rememberAliases, type AliasLike, type SeenAliases } from './api.aliases';

/**
 * Overrides of moleculer-web's methods, so that every response carries the security headers,
 * nothing a client sends can throw out of a request, logs carry paths but never query strings,
 * a wrong method answers 405, and a route whose service is briefly gone answers 503, not 404.
 */
type Req = IncomingMessage & { $ctx?: Context; parsedUrl?: string; originalUrl?: string };
type Gateway = {
  logger: Record<string, unknown> & { error(...a: unknown[]): void };
  settings: { logRequest?: string | null; logResponse?: string | null };
  aliases: (AliasLike & { match(url: string): unknown })[];
  seenAliases?: SeenAliases;
  sendError(req: Req, res: ServerResponse, err: unknown): void;
  broker: { registry: unknown };
};
type Method = (this: Gateway, ...args: unknown[]) => unknown;

/** At the level the settings name, as moleculer-web does (a falsy or unknown level logs nothing). */
function logAt(gateway: Gateway, level: string | null | undefined, line: string): void {
  const log = level ? gateway.logger[level] : undefined;
  if (typeof log === 'function') log.call(gateway.logger, line);
}
const base = ApiGateway.methods as unknown as Record<string, Method>;

/** Every response: no MIME sniffing, no framing, no referrer, no caching unless a handler opts in. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** The path of a request URL: query strings carry what must not be logged (passwords, tokens). */
export const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0].slice(0, 512);
const requestPath = (req: Req): string => pathOf(req.originalUrl ?? req.url);

/** Seconds a caller should wait before retrying a 503: a node restarting or a service reloading. */
export const RETRY_UNAVAILABLE_S = 2;

/** The route error handler: one error shape, Retry-After on 429/503, logs without internals leaking out. */
export function errorResponder(rateLimitRetryAfter: () => number) {
  return function onError(this: Gateway, req: Req, res: ServerResponse, err: unknown): void {
    const { status, body, retryAfter } = toErrorResponse(err);
    if (status >= 500) {
      const e = (err ?? {}) as Partial<Errors.MoleculerError>;
      // The error's data may quote params; name, message and stack are enough to find the cause.
      this.logger.error(`${req.method} ${requestPath(req)} failed:`, {
        name: e.name,
        message: e.message,
        code: e.code,
        type: e.type,
        stack: e.stack,
      });
    }
    if (res.headersSent) return void res.end();
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (req.$ctx?.requestID) res.setHeader('X-Request-ID', req.$ctx.requestID);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (status === 429) res.setHeader('Retry-After', String(retryAfter ?? rateLimitRetryAfter()));
    if (status === 503) res.setHeader('Retry-After', String(retryAfter ?? RETRY_UNAVAILABLE_S));
    res.writeHead(status);
    res.end(JSON.stringify(body));
  };
}

export const gatewayMethods = {
  async httpHandler(this: Gateway, req: Req, res: ServerResponse, next?: unknown): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      await base.httpHandler.call(this, req, res, next);
    } catch (err) {
      // moleculer-web catches the request's errors; this is its error handler failing in turn.
      this.logger.error(`${req.method} ${requestPath(req)}: the error handler failed`, (err as Error)?.message);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { type: 'INTERNAL_ERROR', message: 'Internal server error' } }));
      } else res.destroy();
    }
  },

  /** moleculer-web's would log stacks and error data a second time; onError logs what is needed. */
  errorHandler(this: Gateway, req: Req, res: ServerResponse, err: unknown): void {
    this.sendError(req, res, err);
  },

  logRequest(this: Gateway, req: Req & { $route?: { logging?: boolean } }): void {
    if (req.$route?.logging === false) return;
    logAt(this, this.settings.logRequest, `=> ${req.method} ${requestPath(req)}`);
  },

  logResponse(
    this: Gateway,
    req: Req & { $route?: { logging?: boolean }; $startTime?: [number, number] },
    res: ServerResponse,
  ): void {
    if (req.$route?.logging === false) return;
    const [s, ns] = process.hrtime(req.$startTime ?? process.hrtime());
    logAt(
      this,
      this.settings.logResponse,
      `<= ${res.statusCode} ${req.method} ${requestPath(req)} [+${(s * 1e3 + ns / 1e6).toFixed(3)} ms]`,
    );
  },

  /** HEAD is GET without the body (moleculer-web sends none for HEAD). */
  resolveAlias(this: Gateway, url: string, method = 'GET'): unknown {
    return base.resolveAlias.call(this, url, method) || (method === 'HEAD' && base.resolveAlias.call(this, url, 'GET'));
  },

  /** Not routed: 405 with Allow when the path exists under other methods, else 404. */
  send404(this: Gateway, req: Req, res: ServerResponse): void {
    const url = req.parsedUrl ?? pathOf(req.url);
    const allowed = new Set<string>();
    for (const alias of this.aliases) {
      let matched: unknown = false;
      try {
        matched = alias.match(url);
      } catch {
        // A path segment that does not decode matches nothing.
      }
      if (matched)
        for (const m of alias.method === '*' ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [alias.method]) allowed.add(m);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size && !allowed.has(req.method ?? '')) {
      res.setHeader('Allow', [...allowed].sort().join(', '));
      return this.sendError(
        req,
        res,
        new Errors.MoleculerClientError(`This path does not take ${req.method}`, 405, 'METHOD_NOT_ALLOWED'),
      );
    }
    this.sendError(req, res, new Errors.MoleculerClientError('Not found', 404, 'NOT_FOUND'));
  },

  /**
   * moleculer-web drops a service's routes when its last node leaves (a restart, a hot reload), and
   * clients take the 404 as final. Routes of services seen before stay, so they answer 503.
   */
  regenerateAutoAliases(this: Gateway, route: unknown): void {
    base.regenerateAutoAliases.call(this, route);
    this.seenAliases ??= new Map();
    this.aliases = rememberAliases(this.aliases, route, this.seenAliases) as Gateway['aliases'];
    base.optimizeAliasesOrder.call(this);
  },
};
