import { spawnSync } from 'node:child_process';

/** In a child process, so the handler does not leak into the test runner. */
it('keeps a node running after a rejection nobody awaited, and logs it without the stack', () => {
  const script = `
    const { guardRejections } = require('./scripts/process-guard');
    const lines = [];
    guardRejections({ error: (m) => lines.push(m) });
    Promise.reject(new TypeError('boom'));
    setTimeout(() => { console.log(JSON.stringify(lines)); }, 50);
  `;
  const run = spawnSync('npx', ['tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout.trim())).toEqual(['Unhandled rejection (kept running): TypeError: boom']);
});
