import type { IncomingMessage } from 'node:http';
import { Errors, type Context, type ServiceSchema } from 'moleculer';
import ApiGateway, { type ApiSettingsSchema } from 'moleculer-web';
import { config } from '../../config/config';
import { createSessionRevocations, type SessionRevocations } from '../../mixins/access/session-revocations';
import { signingKeys } from '../../mixins/access/signing-keys';
import type { CallerMeta, Principal } from '../../mixins/access/access.types';
import { createWindowCounter } from '../../mixins/counters/counter.factory';
import { rateLimitStoreFactory } from '../../mixins/counters/rate-limit.store';
import { windowEnd, type WindowCounter } from '../../mixins/counters/window-counter';
import { authenticateRequest } from './api.auth';
import { errorResponder, gatewayMethods, pathOf } from './api.gateway';
import type { HealthReport } from './api.health';
import { probeHealth } from './api.health-probe';
import { locateCreated } from './api.location';
import {
  cartTokenOf,
  webhookSignatureOf,
  checkBodyShape,
  clientIp,
  guarded,
  idempotencyKeyOf,
  paramsFromOneSource,
  requireJsonBody,
  sanitizeRequestId,
  verifyJsonBody,
} from './api.http';
import { routeTable } from './api.routes';
import { docsAsset, docsHtml } from './openapi/openapi.docs';
import { buildOpenApi, type OpenApiDocument, type RouteInfo } from './openapi/openapi.document';
import { API_RESPONSES } from './openapi/api.responses';

const cfg = config();
const { rateLimit } = cfg.security;
const proxyHops = cfg.security.trustProxy ? cfg.security.trustProxyHops : 0;
const keys = signingKeys(cfg);
// Created on first use and closed when the gateway stops; Redis makes the limit cluster-wide.
let counter: WindowCounter | undefined;
const rateCounter = () => (counter ??= createWindowCounter(cfg, 'ratelimit'));
let revocations: SessionRevocations | undefined;
type Meta = CallerMeta & {
  cartToken?: string;
  webhookSignature?: string;
  /** The client's Idempotency-Key header; not `idempotencyKey`, which is a saga step's key. */
  requestIdempotencyKey?: string;
  $statusCode?: number;
  $responseType?: string;
  $responseHeaders?: Record<string, string>;
};

const ApiService: ServiceSchema<ApiSettingsSchema> = {
  name: 'api',
  mixins: [ApiGateway],
  settings: {
    // Auto-aliases prefix routes with the service's base path; the gateway's own are at the root.
    rest: '/',
    port: cfg.gateway.port,
    ip: cfg.gateway.host,
    use: [guarded(sanitizeRequestId)],
    cors: cfg.gateway.corsOrigins.length
      ? {
          origin: cfg.gateway.corsOrigins,
          methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          exposedHeaders: ['X-Request-ID', 'Retry-After', 'X-Cart-Token'],
        }
      : undefined,
    log4XXResponses: false,
    // Three lines per request would bury everything else at the default info level.
    logRequest: 'debug',
    logResponse: 'debug',
    logRouteRegistration: 'debug',
    logRequestParams: null,
    logResponseData: null,
    routes: [
      {
        path: '/api',
        // Each service declares its own routes beside its actions (`rest:`); nothing else is reachable.
        autoAliases: true,
        mappingPolicy: 'restrict',
        authentication: true,
        bodyParsers: { json: { strict: true, limit: cfg.gateway.bodyLimit, verify: verifyJsonBody }, urlencoded: false },
        use: [requireJsonBody, checkBodyShape, paramsFromOneSource].map(guarded),
        rateLimit: {
          window: rateLimit.windowMs,
          limit: rateLimit.limit,
          headers: true,
          // Health probes are not counted: an orchestrator polling them must never be throttled into "unhealthy".
          key: (req: IncomingMessage & { $alias?: { action?: string } }) =>
            req.$alias?.action === 'api.health' ? '' : clientIp(req, proxyHops),
          StoreFactory: rateLimitStoreFactory(rateCounter),
        },
        callOptions: { timeout: cfg.broker.requestTimeoutMs },
        onBeforeCall(ctx: Context<unknown, Meta>, _route: unknown, req: IncomingMessage) {
          ctx.meta.ip = clientIp(req, proxyHops);
          ctx.meta.userAgent = String(req.headers['user-agent'] ?? '').slice(0, 256);
          const cartToken = cartTokenOf(req);
          if (cartToken) ctx.meta.cartToken = cartToken;
          const signature = webhookSignatureOf(req);
          if (signature) ctx.meta.webhookSignature = signature;
          const idempotencyKey = idempotencyKeyOf(req);
          if (idempotencyKey) ctx.meta.requestIdempotencyKey = idempotencyKey;
        },
        onAfterCall: locateCreated,
      },
    ],
    onError: errorResponder(() => Math.max(1, Math.ceil((windowEnd(Date.now(), rateLimit.windowMs) - Date.now()) / 1000))),
  },
  actions: {
    // moleculer-web's own route dump would be a public route; the OpenAPI document replaces it.
    listAliases: false,
    // Its span name would carry the query string, and with it whatever secret a client put there.
    rest: {
      tracing: {
        tags: { params: ['req.method'] },
        spanName: (ctx: Context<{ req: IncomingMessage }>) => `${ctx.params.req.method} ${pathOf(ctx.params.req.url)}`,
      },
    } as never,
    // Route management for other services' code; never routed itself.
    addRoute: { visibility: 'public', access: 'internal', idempotent: false },
    removeRoute: { visibility: 'public', access: 'internal', idempotent: false },
    health: {
      rest: 'GET /health',
      response: API_RESPONSES.health,
      access: 'public',
      idempotent: true,
      async handler(ctx: Context<unknown, Meta>): Promise<HealthReport> {
        const report = await probeHealth(this.broker, new Set((this.aliases as { action?: string }[]).map((a) => a.action)));
        if (report.status !== 'ok') ctx.meta.$statusCode = 503;
        return report;
      },
    },
    openapi: {
      rest: 'GET /openapi.json',
      response: API_RESPONSES.openapi,
      access: 'public',
      idempotent: true,
      handler(): OpenApiDocument {
        return buildOpenApi(this.routeInfos(), {
          title: 'Reactive Shop API',
          version: '1',
          description: 'Generated from the gateway routes and the actions’ parameter schemas.',
        });
      },
    },
    docs: {
      rest: 'GET /docs',
      response: API_RESPONSES.docs,
      access: 'public',
      idempotent: true,
      handler(ctx: Context<unknown, Meta>): string {
        ctx.meta.$responseType = 'text/html; charset=utf-8';
        ctx.meta.$responseHeaders = {
          'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
        };
        return docsHtml('/api/openapi.json', '/api/docs');
      },
    },
    docsAsset: {
      rest: 'GET /docs/:asset',
      response: API_RESPONSES.docsAsset,
      access: 'public',
      idempotent: true,
      params: { asset: { type: 'string', max: 64 } },
      handler(ctx: Context<{ asset: string }, Meta>): Buffer {
        const asset = docsAsset(ctx.params.asset);
        if (!asset) throw new Errors.MoleculerClientError('Not found', 404, 'NOT_FOUND');
        ctx.meta.$responseType = asset.contentType;
        ctx.meta.$responseHeaders = { 'Cache-Control': 'public, max-age=86400' };
        return asset.body;
      },
    },
    /** The live route table with access rules, for operators and the authorization matrix test. */
    routes: {
      visibility: 'public',
      access: 'internal',
      idempotent: true,
      handler(): RouteInfo[] {
        return this.routeInfos();
      },
    },
  },
  methods: {
    ...gatewayMethods,
    authenticate(_ctx: Context, _route: unknown, req: IncomingMessage): Promise<Principal | null> {
      return authenticateRequest(req, keys, (revocations ??= createSessionRevocations(cfg)), cfg.security.accessTokenTtlS);
    },
    // Not `routes`: moleculer-web keeps its route objects under that name.
    routeInfos(): RouteInfo[] {
      return routeTable(this.aliases, this.broker);
    },
  },
  async stopped() {
    await Promise.all([counter?.close(), revocations?.close()]);
    counter = undefined;
    revocations = undefined;
  },
};

export default ApiService;
