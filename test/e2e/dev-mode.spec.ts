import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runNpm, waitForStatus, type RunningProcess } from '../support/processes';
import { demoListedCount } from '../../scripts/demo-catalog';
import { untilListed } from '../catalog/catalog-listed';
import { client } from '../support/http';

/** `npm run dev` as a developer runs it: the platform `npm start` gives, seeded, with the REPL. */
describe('dev mode (npm run dev)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shop-dev-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the seeded platform, prints the banner with the admin password, and keeps the REPL open', async () => {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}/api`;
    const dev = runNpm(['run', 'dev'], { DATA_DIR: dataDir, PORT: String(port), MODE: '', TRANSPORTER: '', ADMIN_PASSWORD: '' });
    try {
      await waitForStatus(`${api}/health`, 200, 90_000, dev);
      await waitFor(() => /Ready in/.test(dev.output()), dev);
      expect(dev.output()).toMatch(/Shop platform running in embedded mode/);
      expect(dev.output()).toMatch(/created with password\s+\S+/);
      // Every active demo product, once the search read model has indexed the seed.
      await untilListed(client(api), '/products', (p) => p.total === demoListedCount());
      // The REPL reads the console: the node is still up once its banner is out.
      await waitFor(() => /mol \$/.test(dev.output()), dev);
      expect(dev.child.exitCode).toBeNull();
    } finally {
      await dev.stop();
    }
  }, 150_000);
});

async function waitFor(ok: () => boolean, proc: RunningProcess): Promise<void> {
  // The first start seeds a few hundred products and their stock after it is healthy.
  const deadline = Date.now() + 30_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`never came:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
