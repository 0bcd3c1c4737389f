import { client, type Call } from './http';
import { runScript, type RunningProcess } from './processes';

/**
 * `scripts/start.ts` in embedded mode as its own process, on `dataDir` and `port`, with no cluster
 * servers configured; resolves once `ready` answers true (polled), or stops it and throws its output.
 */
export async function startEmbedded(
  dataDir: string,
  port: number,
  env: Record<string, string>,
  ready: (call: Call) => Promise<boolean>,
): Promise<RunningProcess> {
  const proc = runScript('scripts/start.ts', {
    DATA_DIR: dataDir,
    PORT: String(port),
    MODE: 'embedded',
    TRANSPORTER: '',
    JWT_KEYS: '',
    COUNTER_STORE: '',
    ...env,
  });
  const call = client(`http://127.0.0.1:${port}/api`);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (await ready(call).catch(() => false)) return proc;
    if (Date.now() > deadline || proc.child.exitCode !== null) {
      await proc.stop();
      throw new Error(`embedded node never came up:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
