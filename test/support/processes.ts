import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code after SIGTERM (SIGKILL past the grace period). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Runs a TypeScript entry point of the project under the pinned Node with tsx, capturing its output. */
export function runScript(script: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return tracked(child, (signal) => child.kill(signal));
}

/**
 * Runs `npm <args>` in the project as a developer would, in a process group of its own (npm, tsx,
 * node and what it launches), with stdin held open for a REPL; stop() signals the whole group.
 */
export function runNpm(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  return tracked(child, (signal) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  });
}

function tracked(child: ChildProcess, kill: (signal: NodeJS.Signals) => void): RunningProcess {
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null) return child.exitCode;
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Polls a URL until it answers `status`; fails with the process output when time runs out. */
export async function waitForStatus(url: string, status: number, timeoutMs: number, proc?: RunningProcess): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(url);
      const body = await res.json();
      if (res.status === status) return body;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})\n${proc?.output() ?? ''}`);
}

/** Waits until the process has printed `pattern` (the first start seeds after it is healthy, then prints "Ready in"). */
export async function waitForOutput(proc: { output(): string }, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output())) {
    if (Date.now() > deadline) throw new Error(`output never matched ${pattern}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
