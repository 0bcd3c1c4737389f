import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { connect } from 'nats';
import { Client } from 'pg';
import { ROOT } from './children';

/** What the numbers were measured on: the machine, its load when the run began, and every version involved. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  /** 1, 5 and 15 minute load averages at the start: other work on the machine skews every figure. */
  loadAverage: number[];
  node: string;
  packages: Record<string, string>;
  servers: Record<string, string>;
}

const PACKAGES = [
  'moleculer',
  'moleculer-web',
  'pg',
  'ioredis',
  'nats',
  '@aws-sdk/client-dynamodb',
  'amplify-dynamodb-simulator',
];

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'not installed';
  }
}

/** Asks each server for its version; a server that does not answer says so instead of failing the run. */
async function serverVersions(): Promise<Record<string, string>> {
  const ask = async (work: () => Promise<string>) => work().catch((err: Error) => `unavailable (${err.message})`);
  const postgres = await ask(async () => {
    const pg = new Client({ connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await pg.connect();
    try {
      return (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    } finally {
      await pg.end();
    }
  });
  const redis = await ask(async () => {
    const client = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
    } finally {
      client.disconnect();
    }
  });
  const nats = await ask(async () => {
    const nc = await connect({ servers: 'nats://127.0.0.1:4222', timeout: 2_000 });
    const version = nc.info?.version ?? 'unknown';
    await nc.close();
    return version;
  });
  return { postgres, redis, nats, java: javaVersion() };
}

/** `java -version` answers on stderr. */
function javaVersion(): string {
  const { stderr, error } = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return error ? 'unavailable' : (/version "([^"]+)"/.exec(stderr)?.[1] ?? 'unknown');
}

export async function describeMachine(): Promise<Machine> {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, packageVersion(p)])),
    servers: await serverVersions(),
  };
}
