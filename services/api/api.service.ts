import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, ServiceSchema } from 'moleculer';
import ApiGateway, { type ApiSettingsSchema } from 'moleculer-web';
import { config } from '../../config/config';
import { IMPLEMENTED_SERVICES } from '../service-names';
import { toErrorResponse } from './api.errors';
import { summarizeHealth, type HealthReport, type ServiceProbe, type StoreProbe } from './api.health';

const cfg = config();
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller-supplied request id is kept only when it is safe to echo into logs and headers. */
function sanitizeRequestId(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  for (const h of ['x-request-id', 'x-correlation-id']) {
    const v = req.headers[h];
    if (v !== undefined && (typeof v !== 'string' || !REQUEST_ID.test(v))) delete req.headers[h];
  }
  next();
}

const ApiService: ServiceSchema<ApiSettingsSchema> = {
  name: 'api',
  mixins: [ApiGateway],
  settings: {
    // Auto-aliases prefix routes with the service's base path; the gateway's own are at the root.
    rest: '/',
    port: cfg.gateway.port,
    ip: cfg.gateway.host,
    use: [sanitizeRequestId],
    cors: cfg.gateway.corsOrigins.length
      ? { origin: cfg.gateway.corsOrigins, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], exposedHeaders: ['X-Request-ID', 'Retry-After'] }
      : undefined,
    log4XXResponses: false,
    logRequestParams: null,
    logResponseData: null,
    routes: [
      {
        path: '/api',
        // Each service declares its own routes beside its actions (`rest:`); nothing else is reachable.
        autoAliases: true,
        mappingPolicy: 'restrict',
        bodyParsers: { json: { strict: true, limit: cfg.gateway.bodyLimit }, urlencoded: false },
        callOptions: { timeout: cfg.broker.requestTimeoutMs },
      },
    ],
    onError(this: unknown, req: IncomingMessage, res: ServerResponse, err: Error) {
      const { status, body } = toErrorResponse(err);
      if (status >= 500) (this as { logger: { error(...a: unknown[]): void } }).logger.error(`${req.method} ${req.url} failed:`, err);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.writeHead(status);
      res.end(JSON.stringify(body));
    },
  },
  actions: {
    health: {
      rest: 'GET /health',
      access: 'public',
      async handler(ctx: Context<unknown, { $statusCode?: number }>): Promise<HealthReport> {
        const report = await this.collectHealth();
        if (report.status !== 'ok') ctx.meta.$statusCode = 503;
        return report;
      },
    },
  },
  methods: {
    async collectHealth(): Promise<HealthReport> {
      const list = this.broker.registry.getServiceList({ onlyAvailable: true, skipInternal: true });
      const actions = this.broker.registry.getActionList({ onlyAvailable: true, skipInternal: true });
      const withHealth = new Set(actions.map((a) => a.name));
      // moleculer-web publishes other services' routes a debounce after they appear: until then
      // the platform is not ready, however healthy its stores.
      const routed = new Set((this.aliases as { action?: string }[]).map((a) => a.action));
      const unrouted = actions.filter((a) => (a.action as { rest?: unknown } | undefined)?.rest && !routed.has(a.name)).map((a) => a.name);
      const nodes = new Map<string, string[]>();
      for (const s of list) nodes.set(s.name, [...(nodes.get(s.name) ?? []), s.nodeID ?? '?']);
      const probes = await Promise.all(
        [...nodes.keys()].map(async (service): Promise<ServiceProbe> => {
          const base = { service, nodes: nodes.get(service)!.sort() };
          if (!withHealth.has(`${service}.storesHealth`)) return { ...base, stores: [] };
          try {
            const stores = await this.broker.call<StoreProbe[], object>(`${service}.storesHealth`, {}, { timeout: 3_000, retries: 0 });
            return { ...base, stores };
          } catch (err) {
            return { ...base, stores: [], error: (err as Error).message };
          }
        }),
      );
      const transit = this.broker.transit as { connected?: boolean } | undefined;
      const transporter = cfg.transporter ? { kind: 'nats' as const, connected: transit?.connected === true } : { kind: 'none' as const, connected: true };
      return summarizeHealth([...IMPLEMENTED_SERVICES], probes, transporter, unrouted);
    },
  },
};

export default ApiService;
