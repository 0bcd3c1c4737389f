import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../config/config';
import { STORE_DEFAULTS, STORE_NAMES, storeDatabaseName, storesOf } from '../../config/stores';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { containerPort, hostPathMountedAt, interpolate, loadCompose, ROOT, type ComposeService } from './compose-file';
import { variablesReadByConfig } from './config-vars';

/** Set on nodes for libraries rather than for config/: the AWS SDK's credential chain. */
const LIBRARY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

/**
 * Every service this build implements (services/service-names.ts): the nodes together must run
 * all of them, and none other (a node naming an unbuilt service would crash at start).
 */
const KNOWN_SERVICES = [...IMPLEMENTED_SERVICES].sort();

const compose = loadCompose();
const all = [...compose.values()];
const nodes = all.filter((s) => s.isNode);
const infrastructure = all.filter((s) => !s.isNode);
const configs = new Map<string, AppConfig>();
/** Lazy, so a node whose environment fails validation fails its own test with the ConfigError. */
function cfg(node: ComposeService): AppConfig {
  let c = configs.get(node.name);
  if (!c) configs.set(node.name, (c = loadConfig(node.environment)));
  return c;
}

const hostOf = (url: string): string => new URL(url).hostname;

/** Compose services a node must wait for, found from the URLs its own config would connect to. */
function requiredInfrastructure(node: ComposeService): Set<string> {
  const c = cfg(node);
  const hosts = new Set<string>([hostOf(c.transporter!)]);
  if (c.cacher.kind === 'redis') hosts.add(hostOf(c.cacher.url));
  for (const store of storesOf(c.services)) {
    const engine = c.stores[store];
    if (engine === 'postgres') hosts.add(hostOf(c.postgres.url));
    else if (engine === 'mongo') hosts.add(hostOf(c.mongo.url));
    else if (engine === 'dynamodb') {
      if (!c.dynamodb.endpoint) throw new Error(`${node.name}: DYNAMODB_ENDPOINT must point at the dynamodb service`);
      hosts.add(hostOf(c.dynamodb.endpoint));
    } else throw new Error(`${node.name}: store ${store} on ${engine}, which has no server in compose`);
  }
  return hosts;
}

describe('docker-compose.yml', () => {
  it('has platform nodes and the infrastructure they need', () => {
    expect(nodes.length).toBeGreaterThan(0);
    expect(infrastructure.map((s) => s.name).sort()).toEqual(
      expect.arrayContaining(['dynamodb', 'mongo', 'nats', 'postgres', 'redis']),
    );
  });

  it.each(all.map((s) => [s.name, s] as const))('%s has an enabled healthcheck', (_name, svc) => {
    expect(svc.healthcheck).toBeDefined();
    expect(svc.healthcheck!.disabled).toBe(false);
    expect(svc.healthcheck!.test.length).toBeGreaterThan(1);
    expect(svc.healthcheck!.test[0]).toMatch(/^CMD(-SHELL)?$/);
  });

  it('rejects interpolations without a local default', () => {
    expect(interpolate('postgres://shop:${POSTGRES_PASSWORD:-shop}@postgres')).toBe('postgres://shop:shop@postgres');
    expect(interpolate('a$$b')).toBe('a$b');
    expect(() => interpolate('${SECRET}')).toThrow(/no local default/);
    expect(() => interpolate('$SECRET')).toThrow(/no local default/);
  });

  describe.each(nodes.map((n) => [n.name, n] as const))('node %s', (_name, node) => {
    it('passes loadConfig in cluster mode with json logs', () => {
      const c = cfg(node);
      expect(c.mode).toBe('cluster');
      expect(c.log.format).toBe('json');
      expect(c.nodeId).toBe(node.name);
    });

    it('sets only variables config/ (or a library) reads, so a misspelt name cannot fall back to a default', () => {
      const known = [...variablesReadByConfig(), ...LIBRARY_VARIABLES];
      expect(Object.keys(node.environment).filter((v) => !known.includes(v))).toEqual([]);
    });

    it('runs only known services, named explicitly', () => {
      const services = cfg(node).services;
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect(KNOWN_SERVICES).toContain(s);
    });

    it('keeps every store on its production engine', () => {
      const c = cfg(node);
      for (const store of STORE_NAMES) expect([store, c.stores[store]]).toEqual([store, STORE_DEFAULTS[store].engine]);
    });

    it('waits (service_healthy) for exactly the servers its transporter, cacher and stores use', () => {
      const required = requiredInfrastructure(node);
      for (const host of required) {
        expect(compose.get(host)?.isNode).toBe(false);
        expect([host, node.dependsOn[host]]).toEqual([host, 'service_healthy']);
      }
      const extra = Object.keys(node.dependsOn).filter((d) => !compose.get(d)?.isNode && !required.has(d));
      expect(extra).toEqual([]);
    });

    it('builds from an existing Dockerfile', () => {
      expect(existsSync(path.resolve(ROOT, node.build!.context, node.build!.dockerfile))).toBe(true);
    });
  });

  it('runs every service on some node', () => {
    const running = new Set(nodes.flatMap((n) => cfg(n).services));
    expect(KNOWN_SERVICES.filter((s) => !running.has(s))).toEqual([]);
  });

  it('publishes the gateway port of the node running the api service', () => {
    const gateways = nodes.filter((n) => cfg(n).services.includes('api'));
    expect(gateways.length).toBeGreaterThan(0);
    for (const g of gateways) expect(g.ports.map(containerPort)).toContain(cfg(g).gateway.port);
  });

  it('creates the database of every PostgreSQL-default store in the init script', () => {
    const postgres = compose.get(hostOf(cfg(nodes[0]).postgres.url))!;
    const initDir = hostPathMountedAt(postgres, '/docker-entrypoint-initdb.d');
    expect(initDir).toBeDefined();
    const scripts = readdirSync(initDir!).filter((f) => /\.(sh|sql)$/.test(f));
    expect(scripts.length).toBeGreaterThan(0);
    // The image executes executable .sh files; others it would source into its own shell.
    for (const f of scripts.filter((s) => s.endsWith('.sh')))
      expect(() => accessSync(path.join(initDir!, f), constants.X_OK)).not.toThrow();
    const text = scripts.map((f) => readFileSync(path.join(initDir!, f), 'utf8')).join('\n');
    const missing = STORE_NAMES.filter((s) => STORE_DEFAULTS[s].engine === 'postgres')
      .map((s) => storeDatabaseName(s))
      .filter((db) => !new RegExp(`(^|[^A-Za-z0-9_])${db}([^A-Za-z0-9_]|$)`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('runs MongoDB as the replica set the nodes connect to', () => {
    const url = new URL(cfg(nodes[0]).mongo.url);
    const replicaSet = url.searchParams.get('replicaSet');
    expect(replicaSet).toBeTruthy();
    const mongo = compose.get(url.hostname)!;
    expect(mongo.command.join(' ')).toContain(`--replSet ${replicaSet}`);
    const check = mongo.healthcheck!.test.join(' ');
    expect(check).toContain(`_id: '${replicaSet}'`);
    expect(check).toContain(`host: '${url.hostname}:${url.port || '27017'}'`);
  });

  it('runs NATS with JetStream on a volume', () => {
    const nats = compose.get(hostOf(cfg(nodes[0]).transporter!))!;
    expect(nats.command).toContain('-js');
    const storeDir = nats.command[nats.command.indexOf('-sd') + 1];
    expect(nats.volumes.some((v) => v.split(':')[1] === storeDir)).toBe(true);
  });
});
