import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/processes';
import { descendantsOf, memoryOf, spawnBench, type Memory } from './children';

/**
 * Scenario 5 (start-up half): `npm start` (scripts/start.ts, embedded mode) on a fresh DATA_DIR,
 * timed from spawn to the first 200 of /api/health, and to its "Ready in" line (seeding done); then
 * stopped and started again on the same DATA_DIR (warm: databases there, nothing to migrate or seed).
 * Resident memory of the node once healthy, and of what it launched (DynamoDB Local's JVM).
 */

export interface StartupRun {
  healthyMs: number;
  /** The second start, on the DATA_DIR the first one left. */
  warmHealthyMs: number;
  /** Until the banner: seeding of the demo catalog and the admin done. */
  readyMs: number | null;
  node: Memory | null;
  nodeAfterReady: Memory | null;
  children: { name: string; memory: Memory | null }[];
}

export interface StartupResult {
  runs: StartupRun[];
  medianHealthyMs: number;
  medianWarmHealthyMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function statusOf(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function oneStart(timeoutMs: number): Promise<StartupRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-bench-embedded-'));
  try {
    const fresh = await timedStart(dataDir, timeoutMs);
    const warm = await timedStart(dataDir, timeoutMs);
    return { ...fresh, warmHealthyMs: warm.healthyMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timedStart(dataDir: string, timeoutMs: number): Promise<Omit<StartupRun, 'warmHealthyMs'>> {
  const port = await freePort();
  // Explicit so a developer's cluster settings in the environment cannot leak into the embedded node.
  const env = {
    MODE: 'embedded',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    TRANSPORTER: '',
    CACHER: '',
    DYNAMODB_ENDPOINT: '',
    LOG_LEVEL: 'warn',
    // A chosen password is never printed; a generated one would be shown on stdout.
    ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
  };
  const started = Date.now();
  const node = spawnBench('scripts/start.ts', [], env);
  let ready: number | null = null;
  node.child.stdout!.on('data', (d: Buffer) => {
    if (ready === null && d.toString().includes('Ready in')) ready = Date.now() - started;
  });
  try {
    const deadline = started + timeoutMs;
    for (;;) {
      if (node.child.exitCode !== null) throw new Error(`scripts/start.ts exited (${node.child.exitCode}):\n${node.output()}`);
      if (Date.now() > deadline) throw new Error(`scripts/start.ts not healthy within ${timeoutMs} ms:\n${node.output()}`);
      if ((await statusOf(`http://127.0.0.1:${port}/api/health`)) === 200) break;
      await sleep(50);
    }
    const healthyMs = Date.now() - started;
    const memory = memoryOf(node.pid);
    while (ready === null && Date.now() < deadline && node.child.exitCode === null) await sleep(50);
    return {
      healthyMs,
      readyMs: ready,
      node: memory,
      nodeAfterReady: memoryOf(node.pid),
      children: descendantsOf(node.pid).map((c) => ({ name: c.name, memory: memoryOf(c.pid) })),
    };
  } finally {
    await node.stop();
  }
}

export async function startupScenario(runs: number, log: (line: string) => void): Promise<StartupResult> {
  const out: StartupRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await oneStart(60_000);
    const s = (ms: number) => (ms / 1000).toFixed(1);
    log(
      `  embedded start ${i + 1}: healthy in ${s(run.healthyMs)} s (again: ${s(run.warmHealthyMs)} s), RSS ${run.node?.rssMiB} MiB`,
    );
    out.push(run);
  }
  const median = (ms: number[]) => ms.sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)];
  return {
    runs: out,
    medianHealthyMs: median(out.map((r) => r.healthyMs)),
    medianWarmHealthyMs: median(out.map((r) => r.warmHealthyMs)),
  };
}
