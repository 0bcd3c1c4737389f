import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Bench nodes run as child processes: the config is read once per process (so each node needs its
 * own), and the load generator must not share an event loop with the server it measures.
 * A child reports by printing lines `BENCH <json>` on stdout; everything else is kept for errors.
 */

export const ROOT = path.resolve(__dirname, '..');
const MARK = 'BENCH ';
const TAIL = 8_000;

export interface BenchChild {
  child: ChildProcess;
  pid: number;
  /** The next report the child prints (or one already printed and not yet taken). */
  next<T>(timeoutMs: number): Promise<T>;
  output(): string;
  /** SIGTERM, then SIGKILL past the grace period; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Runs a TypeScript entry point under the same (pinned) Node with tsx. With `stopOnStdinEnd` the
 * child is asked to stop by closing its stdin (see `untilStdinEnds`), not by SIGTERM: Moleculer's
 * own SIGTERM handler exits once the broker stops, before a node's cleanup (databases, temp dirs) runs.
 */
export function spawnBench(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  stopOnStdinEnd = false,
): BenchChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stopOnStdinEnd ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let partial = '';
  const reports: unknown[] = [];
  const waiters: ((v: unknown) => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith(MARK)) {
        out = (out + line + '\n').slice(-TAIL);
        continue;
      }
      const report = JSON.parse(line.slice(MARK.length)) as unknown;
      const waiter = waiters.shift();
      if (waiter) waiter(report);
      else reports.push(report);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-TAIL)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    exited,
    output: () => out,
    next<T>(timeoutMs: number): Promise<T> {
      if (reports.length) return Promise.resolve(reports.shift() as T);
      return new Promise<T>((resolve, reject) => {
        const fail = (why: string) => reject(new Error(`${script} ${args.join(' ')}: ${why}\n${out}`));
        const timer = setTimeout(() => fail(`no report within ${timeoutMs} ms`), timeoutMs);
        void exited.then((code) => {
          clearTimeout(timer);
          fail(`exited (${code}) before reporting`);
        });
        waiters.push((v) => {
          clearTimeout(timer);
          resolve(v as T);
        });
      });
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      if (stopOnStdinEnd) child.stdin!.end();
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Called by a child started with `stopOnStdinEnd`: resolves when the parent asks it to stop. */
export function untilStdinEnds(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.resume();
  });
}

/**
 * A bench child's whole life: runs `main`, waits for the parent's stop, stops what `main` started
 * and exits 0; any failure prints its stack and exits 1.
 */
export function runChild(main: () => Promise<{ stop(): Promise<unknown> }>): void {
  main()
    .then(async (running) => {
      await untilStdinEnds();
      await running.stop();
      process.exit(0);
    })
    .catch((err: Error) => {
      console.error(err.stack ?? err.message);
      process.exit(1);
    });
}

/** Called by a child: one report line for the parent. */
export function report(value: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(value)}\n`);
}

export interface Memory {
  /** Resident set now and at its peak (VmHWM), MiB. */
  rssMiB: number;
  peakRssMiB: number;
}

function statusKiB(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(/(\d+)/.exec(line)![1]) : NaN;
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

/** Linux only (/proc); null elsewhere or when the process is gone. */
export function memoryOf(pid: number): Memory | null {
  try {
    return { rssMiB: mib(statusKiB(pid, 'VmRSS')), peakRssMiB: mib(statusKiB(pid, 'VmHWM')) };
  } catch {
    return null;
  }
}

/** Every process below `pid` (e.g. the DynamoDB Local JVM an embedded node launched). */
export function descendantsOf(pid: number): { pid: number; name: string }[] {
  const parents = new Map<number, { ppid: number; name: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name is in parentheses and may itself hold spaces or parentheses.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      parents.set(Number(entry), { ppid, name });
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; name: string }[] = [];
  const walk = (p: number) => {
    for (const [child, info] of parents) {
      if (info.ppid === p) {
        found.push({ pid: child, name: info.name });
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}
