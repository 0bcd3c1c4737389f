import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * Launches AWS's DynamoDB Local (the jar shipped inside the npm package amplify-dynamodb-simulator)
 * as a child process, for tests and for the app's embedded mode.
 */

const START_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL = 4000;

export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export function findDynamoLocal(): { jar: string; libDir: string } | null {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('amplify-dynamodb-simulator/package.json'));
  } catch {
    return null;
  }
  const jar = path.join(pkgDir, 'emulator', 'DynamoDBLocal.jar');
  const libDir = path.join(pkgDir, 'emulator', 'DynamoDBLocal_lib');
  if (!fs.existsSync(jar) || !fs.existsSync(libDir) || !javaBinary()) return null;
  return { jar, libDir };
}

export async function startDynamoLocal(
  options: { port?: number; dbPath?: string; jvmOptions?: string[] } = {},
): Promise<DynamoLocal> {
  const found = findDynamoLocal();
  const java = javaBinary();
  if (!found || !java)
    throw new Error('DynamoDB Local needs Java on PATH (or JAVA_HOME) and the npm package amplify-dynamodb-simulator');
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(java, found, options.port ?? (await freePort()), options.dbPath, options.jvmOptions ?? []);
    } catch (err) {
      // A port found free on loopback can still be taken on another interface (Local binds them all).
      if (options.port !== undefined || attempt >= 3 || !/Failed to bind/.test(String(err))) throw err;
    }
  }
}

async function launch(
  java: string,
  found: { jar: string; libDir: string },
  port: number,
  dbPath: string | undefined,
  jvmOptions: string[],
): Promise<DynamoLocal> {
  // DynamoDB Local writes a metadata file into its working directory; keep it out of the project.
  const workDir = dbPath ? path.resolve(dbPath) : fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-local-'));
  fs.mkdirSync(workDir, { recursive: true });
  const args = [
    ...jvmOptions,
    `-Djava.library.path=${found.libDir}`,
    '-jar',
    found.jar,
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  args.push(...(dbPath ? ['-dbPath', workDir, '-sharedDb'] : ['-inMemory']));

  const child = spawn(java, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A failed spawn emits 'error' and never 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      keep(Buffer.from(`\n${err.message}`));
      resolve();
    });
  });
  const removeWorkDir = () => {
    if (!dbPath) fs.rmSync(workDir, { recursive: true, force: true });
  };
  // A normal exit or process.exit() of the parent must not leave the JVM running.
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    removeWorkDir();
  };
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await terminate(child, exited);
    removeWorkDir();
  };
  try {
    await waitUntilAnswering(endpoint, child, exited, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, stop };
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  exited: Promise<void>,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (gone) throw new Error(`DynamoDB Local exited (code ${child.exitCode}) before answering: ${output().trim()}`);
      // A failed startup (e.g. port taken) kills the main thread but leaves the JVM running.
      if (output().includes('Exception in thread "main"')) throw new Error(`DynamoDB Local failed to start: ${output().trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return;
      } catch {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer ListTables at ${endpoint} within ${START_TIMEOUT_MS / 1000} s: ${output().trim()}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function javaBinary(): string | null {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (process.env.JAVA_HOME) dirs.push(path.join(process.env.JAVA_HOME, 'bin'));
  for (const dir of dirs) {
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}
