import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processes';
import { portReason } from './servers';

/**
 * Servers of a test's own, on loopback ports of their own, that the test may stop, kill and start
 * again without disturbing the machine's shared servers (or another suite using them). Each keeps
 * its data in a temporary directory across restarts, like a production server on its own disk.
 */
export interface PrivateServer {
  url: string;
  port: number;
  start(): Promise<void>;
  /** A clean shutdown (data kept). */
  stop(): Promise<void>;
  restart(pauseMs?: number): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** A server certificate and its key (PEM files, e.g. from test/support/tls-certs.ts): the server then speaks TLS only. */
export interface ServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

const NATS_BIN = '/usr/sbin/nats-server';
const REDIS_BIN = 'redis-server';
const pgBin = (): string | null => {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort().pop() : undefined;
  return version && existsSync(path.join(base, version, 'bin', 'pg_ctl')) ? path.join(base, version, 'bin') : null;
};

/** Why private servers cannot run here, or null. */
export function privateServersReason(): string | null {
  if (!existsSync(NATS_BIN)) return `${NATS_BIN} is missing`;
  if (spawnSync(REDIS_BIN, ['--version']).status !== 0) return 'redis-server is missing';
  if (!pgBin()) return 'PostgreSQL server binaries are missing under /usr/lib/postgresql';
  return null;
}

async function restart(server: PrivateServer, pauseMs = 500): Promise<void> {
  await server.stop();
  await new Promise((r) => setTimeout(r, pauseMs));
  await server.start();
}

async function waitPort(port: number, up: boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (((await portReason(port, what)) === null) !== up) {
    if (Date.now() > deadline) throw new Error(`${what} on ${port} did not ${up ? 'start' : 'stop'} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A server run as a child of this process: started by `spawn`, stopped by a signal. */
async function childServer(
  what: string,
  url: (port: number) => string,
  command: (port: number, dir: string) => [string, string[]],
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), `fault-${what}-`));
  let child: ChildProcess | undefined;
  const server: PrivateServer = {
    url: url(port),
    port,
    async start() {
      const [bin, args] = command(port, dir);
      child = spawn(bin, args, { stdio: 'ignore' });
      await waitPort(port, true, what);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill(stopSignal);
      await exited;
      await waitPort(port, false, what);
    },
    restart: (pauseMs) => restart(server, pauseMs),
    async destroy() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** NATS with JetStream, its store on disk so streams and consumers outlive a restart. */
export const privateNats = (tls?: ServerTls) =>
  childServer(
    'nats',
    (p) => `${tls ? 'tls' : 'nats'}://127.0.0.1:${p}`,
    (p, dir) => [
      NATS_BIN,
      [
        '-a',
        '127.0.0.1',
        '-p',
        String(p),
        '-js',
        '-sd',
        dir,
        ...(tls ? ['--tls', '--tlscert', tls.certFile, '--tlskey', tls.keyFile] : []),
      ],
    ],
  );

/** Redis that saves its data on a clean shutdown (SIGTERM with a save point), so a restart keeps what it cached. */
export const privateRedis = (tls?: ServerTls) =>
  childServer(
    'redis',
    (p) => `${tls ? 'rediss' : 'redis'}://127.0.0.1:${p}`,
    (p, dir) => [
      REDIS_BIN,
      [
        '--bind',
        '127.0.0.1',
        // With TLS the plain port is closed (0), so nothing can reach it in plaintext.
        ...(tls
          ? ['--port', '0', '--tls-port', String(p), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile]
          : ['--port', String(p)]),
        ...(tls ? ['--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no'] : []),
        ...['--dir', dir, '--save', '3600 1', '--appendonly', 'no'],
      ],
    ],
  );

/**
 * A PostgreSQL cluster of its own (initdb into a temporary directory, trust auth, fsync off).
 * The server refuses to run as root, so under root it runs as the `postgres` account. With `tls`
 * it has ssl on and pg_hba admits TCP clients over TLS only.
 */
export async function privatePostgres(tls?: ServerTls): Promise<PrivateServer> {
  const bin = pgBin()!;
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fault-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresAccount() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) => {
    const full = path.join(bin, tool);
    const res = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${res.stderr || res.stdout}`);
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  let opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  if (tls) opts += serverTls(data, tls, owner);
  const server: PrivateServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
      await waitPort(port, true, 'postgres');
    },
    async stop() {
      if ((await portReason(port, 'postgres')) !== null) return;
      // Fast: open sessions are ended, as when a database server restarts under load.
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    restart: (pauseMs) => restart(server, pauseMs),
    async destroy() {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function postgresAccount(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Puts the certificate and key in the data directory (the server wants its key private and its own) and closes plaintext TCP. */
function serverTls(data: string, tls: ServerTls, owner?: { uid: number; gid: number }): string {
  const cert = path.join(data, 'server.crt');
  const key = path.join(data, 'server.key');
  copyFileSync(tls.certFile, cert);
  copyFileSync(tls.keyFile, key);
  chmodSync(key, 0o600);
  if (owner) for (const f of [cert, key]) chownSync(f, owner.uid, owner.gid);
  const hba = 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n';
  writeFileSync(path.join(data, 'pg_hba.conf'), hba);
  return ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
}
