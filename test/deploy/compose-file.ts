import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');

export interface ComposeService {
  name: string;
  /** Platform nodes are the services built from this repository. */
  isNode: boolean;
  image?: string;
  build?: { context: string; dockerfile: string };
  command: string[];
  /** After merging anchors and substituting ${VAR:-default}; unset (null) entries are left out. */
  environment: Record<string, string>;
  healthcheck?: { test: string[]; disabled: boolean };
  dependsOn: Record<string, string>;
  volumes: string[];
  ports: string[];
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function record(v: unknown, where: string): Json {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new Error(`${where} must be a mapping`);
  return v;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) throw new Error(`${where} must be a list`);
  return v.map((item) => scalar(item, where));
}

function scalar(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${where} must be a scalar, got ${JSON.stringify(v)}`);
}

/**
 * Compose's interpolation, restricted to what this project allows: `${VAR:-default}` and
 * `${VAR-default}` resolve to their default (what a machine without a .env gets) and `$$` is a
 * literal `$`. Anything else (`${VAR}`, `${VAR:?err}`, `$VAR`) is rejected: every value must have a
 * local default.
 */
export function interpolate(text: string, where = 'value'): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]*)\}|\$\{[^}]*\}|\$[A-Za-z_]/g,
    (match, name, _op, fallback) => {
      if (match === '$$') return '$';
      if (name !== undefined) return String(fallback);
      throw new Error(`${where}: "${match}" has no local default; write \${VAR:-default}`);
    },
  );
}

function interpolateDeep(v: unknown, where: string): unknown {
  if (typeof v === 'string') return interpolate(v, where);
  if (Array.isArray(v)) return v.map((item, i) => interpolateDeep(item, `${where}[${i}]`));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, interpolateDeep(item, `${where}.${k}`)]));
  return v;
}

function environment(v: unknown, where: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const entry of strings(v, where)) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  }
  for (const [key, value] of Object.entries(record(v, where))) {
    // A key without a value passes the host's variable through: unset on a clean machine.
    if (value !== null && value !== undefined) env[key] = scalar(value, `${where}.${key}`);
  }
  return env;
}

function dependsOn(v: unknown, where: string): Record<string, string> {
  // The short list form means `service_started`: it does not wait for a healthcheck.
  if (Array.isArray(v)) return Object.fromEntries(strings(v, where).map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(record(v, where)).map(([name, spec]) => [
      name,
      scalar(record(spec, `${where}.${name}`).condition ?? 'service_started', where),
    ]),
  );
}

function healthcheck(v: unknown, where: string): ComposeService['healthcheck'] {
  if (v === undefined || v === null) return undefined;
  const hc = record(v, where);
  return { test: strings(hc.test, `${where}.test`), disabled: hc.disable === true };
}

function build(v: unknown, where: string): ComposeService['build'] {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { context: v, dockerfile: 'Dockerfile' };
  const b = record(v, where);
  return { context: scalar(b.context ?? '.', where), dockerfile: scalar(b.dockerfile ?? 'Dockerfile', where) };
}

function service(name: string, raw: unknown): ComposeService {
  const where = `services.${name}`;
  const s = record(raw, where);
  const built = build(s.build, `${where}.build`);
  return {
    name,
    isNode: built !== undefined,
    image: s.image === undefined ? undefined : scalar(s.image, `${where}.image`),
    build: built,
    command: strings(s.command, `${where}.command`),
    environment: environment(s.environment, `${where}.environment`),
    healthcheck: healthcheck(s.healthcheck, `${where}.healthcheck`),
    dependsOn: dependsOn(s.depends_on, `${where}.depends_on`),
    volumes: strings(s.volumes, `${where}.volumes`),
    ports: strings(s.ports, `${where}.ports`),
  };
}

/** docker-compose.yml as `docker compose config` would see it on a machine without a .env file. */
export function loadCompose(file = path.join(ROOT, 'docker-compose.yml')): Map<string, ComposeService> {
  // merge: the file shares the node environment through YAML 1.1 `<<` merge keys.
  const doc = interpolateDeep(parse(readFileSync(file, 'utf8'), { merge: true }), 'compose');
  const services = record(record(doc, 'compose').services, 'services');
  return new Map(Object.entries(services).map(([name, raw]) => [name, service(name, raw)]));
}

/** `./deploy/postgres:/docker-entrypoint-initdb.d:ro` → the host path mounted at `target`, if any. */
export function hostPathMountedAt(svc: ComposeService, target: string): string | undefined {
  for (const volume of svc.volumes) {
    const [source, dest] = volume.split(':');
    if (dest === target && (source.startsWith('.') || source.startsWith('/'))) return path.resolve(ROOT, source);
  }
  return undefined;
}

/** The container port of a `host:container` (or bare `container`) port mapping. */
export const containerPort = (mapping: string): number => Number(mapping.split('/')[0].split(':').pop());
