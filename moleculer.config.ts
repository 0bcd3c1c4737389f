import { Cachers, type BrokerOptions, type Errors } from 'moleculer';
import { config } from './config/config';
import { createLogger } from './config/logger';
import { replCommands } from './config/repl-commands';
import { sagaReplCommands } from './sagas/saga.repl';
import { searchReplCommands } from './services/search/search.repl';
import { FailOpenRedisCacher } from './mixins/cache/fail-open-redis-cacher';
import { redisOptions, redisTarget } from './mixins/counters/redis-options';
import { natsTls } from './mixins/messaging/nats-tls';
import { AccessMiddleware } from './mixins/access/access.middleware';
import { StoreOutageMiddleware } from './mixins/store/store-outage.middleware';
import { RequestContextMiddleware } from './mixins/request-context.middleware';
import { IdempotentRetryMiddleware } from './mixins/retry/retry.middleware';

const cfg = config();
// Named, not an instance: every broker (tests run several per process) must get a cacher and Redis client of its own.
const FAIL_OPEN_REDIS = 'FailOpenRedis';
Cachers.register(FAIL_OPEN_REDIS, FailOpenRedisCacher as never);

/**
 * Only errors Moleculer marks retryable (timeouts, unreachable nodes) are retried, and only for actions
 * declared `idempotent: true` (IdempotentRetryMiddleware): a timeout does not cancel the first call.
 */
const retryable = (err: Error) => (err as Errors.MoleculerRetryableError).retryable === true;
/** Client mistakes (4xx) never open the circuit; only failures of the callee do. */
const calleeFailure = (err: Error) => ((err as Errors.MoleculerError).code ?? 500) >= 500;

const brokerConfig: BrokerOptions = {
  namespace: cfg.namespace,
  nodeID: cfg.nodeId ?? null,
  logger: createLogger(cfg),
  logLevel: cfg.log.level,
  transporter: cfg.transporter
    ? { type: 'NATS', options: { url: cfg.transporter, maxReconnectAttempts: -1, tls: natsTls(cfg.transporter, cfg.tls.nats) } }
    : null,
  cacher:
    cfg.cacher.kind === 'redis'
      ? ({
          type: FAIL_OPEN_REDIS,
          options: {
            prefix: `${cfg.namespace}-cache`,
            ttl: 300,
            redis: redisOptions({ ...redisTarget(cfg), url: cfg.cacher.url }),
          },
        } as unknown as BrokerOptions['cacher'])
      : cfg.cacher.kind === 'memory'
        ? { type: 'MemoryLRU', options: { max: 5_000, ttl: 300 } }
        : null,
  serializer: 'JSON',
  // Moleculer's default 0 means "wait forever"; a hung participant must surface as an error.
  requestTimeout: cfg.broker.requestTimeoutMs,
  retryPolicy: {
    enabled: cfg.broker.retries > 0,
    retries: cfg.broker.retries,
    delay: 100,
    maxDelay: 2_000,
    factor: 2,
    check: retryable,
  },
  circuitBreaker: {
    enabled: true,
    threshold: 0.5,
    minRequestCount: 20,
    windowTime: 60,
    halfOpenTime: 10_000,
    check: calleeFailure,
  },
  bulkhead: { enabled: true, concurrency: cfg.broker.bulkheadConcurrency, maxQueueSize: cfg.broker.bulkheadMaxQueue },
  registry: { strategy: 'RoundRobin', preferLocal: true },
  // A node that dies without saying so (kill -9, a lost host) is only noticed when its heartbeats stop.
  // Moleculer's 10 s / 30 s took 30-60 s (the check itself runs every heartbeatTimeout), and a node
  // restarted with the same NODE_ID inside that window was dropped once more ("heartbeat not received")
  // until its next beat. Beats every 2 s and dead after 6 s without one: noticed in 6-12 s, a restarted
  // node missing for at most one beat. Three missed beats tolerate a busy event loop; a false alarm
  // heals at the next beat. A beat is one small NATS message per node every 2 s.
  heartbeatInterval: 2,
  heartbeatTimeout: 6,
  tracking: { enabled: true, shutdownTimeout: 10_000 },
  validator: true,
  replOptions: { customCommands: [...replCommands, ...sagaReplCommands, ...searchReplCommands] },
  metrics: cfg.metrics.enabled
    ? { enabled: true, reporter: [{ type: 'Prometheus', options: { port: cfg.metrics.port, path: '/metrics' } }] }
    : false,
  tracing: cfg.tracing.enabled ? { enabled: true, events: true, exporter: [{ type: 'Console' }] } : false,
  // Moleculer adds its own middlewares after the user's, which would wrap them: the cacher could answer and
  // the validator could reject before anyone checked who is calling. So the order is spelled out here,
  // innermost first: access is checked before validation and caching, inside timeouts and retries.
  internalMiddlewares: false,
  middlewares: [
    RequestContextMiddleware,
    StoreOutageMiddleware,
    'ActionHook',
    'Validator',
    'Bulkhead',
    'Cacher',
    AccessMiddleware,
    'ContextTracker',
    'CircuitBreaker',
    'Timeout',
    IdempotentRetryMiddleware,
    'Fallback',
    'ErrorHandler',
    'Tracing',
    'Metrics',
    'Debounce',
    'Throttle',
    // moleculer-runner's --hot sets hotReload, but only the internal list would have added its middleware.
    ...(process.argv.includes('--hot') || process.argv.includes('-H') ? ['HotReload'] : []),
  ],
};

export default brokerConfig;
