import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPLEMENTED_SERVICES } from '../../services/service-names';
import { responseProblems } from '../support/api-contract';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The live document as a client sees it: third-party lint (Redocly) finds no error, every operation
 * documents what it answers, and the committed typed client was generated from exactly this document.
 */
type Operation = {
  operationId: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
};
let platform: Platform;
let doc: { paths: Record<string, Record<string, Operation>> };
const dir = mkdtempSync(path.join(os.tmpdir(), 'openapi-'));

beforeAll(async () => {
  platform = await startPlatform([...IMPLEMENTED_SERVICES]);
  doc = (await (await fetch(`${platform.api}/openapi.json`)).json()) as typeof doc;
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A node child run without blocking this process: it hosts the platform, whose nodes would miss
 * their heartbeats behind a synchronous spawn and leave the gateway without its services for a while
 * (the next test then read no document). A failing exit still answers its output: lint reports on stdout.
 */
const nodeChild = (args: string[], cwd?: string) =>
  new Promise<{ stdout: string; stderr: string }>((resolve) => {
    const options = { cwd, encoding: 'utf8' as const, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 };
    execFile(process.execPath, args, options, (_err, stdout, stderr) => resolve({ stdout, stderr }));
  });

const operations = () =>
  Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));

it('passes Redocly lint (recommended rules) with no errors and no warnings', async () => {
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const run = await nodeChild([require.resolve('@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], dir);
  const report = JSON.parse(run.stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
  };
  const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  expect(problems).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
}, 90_000);

it('documents a success response with a schema, and security, for every operation', () => {
  const missing = operations().flatMap(({ key, op }) => {
    const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
    const undocumented = success.filter(
      ([s, r]) => s !== '204' && !Object.values(r.content ?? {}).every((m) => m.schema && Object.keys(m.schema).length),
    );
    return [
      ...(success.length ? [] : [`${key}: no success response`]),
      ...undocumented.map(([s]) => `${key} ${s}: no schema`),
      ...(op.security ? [] : [`${key}: no security`]),
    ];
  });
  expect(operations().length).toBeGreaterThan(70);
  expect(missing).toEqual([]);
});

it('has a committed typed client generated from this very document (npm run client:generate)', async () => {
  const file = path.join(dir, 'drift.json');
  writeFileSync(file, JSON.stringify(doc));
  const run = await nodeChild([require.resolve('tsx/cli'), 'test/client/client-types.ts', file]);
  expect(run.stderr).toBe('');
  expect(readFileSync('test/client/api.d.ts', 'utf8')).toBe(run.stdout);
}, 90_000);

it('holds answers to the document: an undocumented status or a body off its schema is a problem', async () => {
  const api = platform.api;
  expect(
    await responseProblems(api, 'GET', '/health', 200, 'application/json', {
      status: 'ok',
      failing: [],
      transporter: {},
      services: [],
    }),
  ).toEqual([]);
  expect(await responseProblems(api, 'GET', '/health', 200, 'application/json', { status: 1 })).toEqual([
    expect.stringMatching(/GET \/api\/health → 200: .*status must be string/),
  ]);
  expect(await responseProblems(api, 'GET', '/auth/session', 201, 'application/json', {})).toEqual([
    expect.stringMatching(/status not documented/),
  ]);
  expect(
    await responseProblems(api, 'POST', '/orders', 409, 'application/json', {
      error: { type: 'CART_CHECKED_OUT', message: 'x', orderId: 'o' },
    }),
  ).toEqual([]);
  expect(await responseProblems(api, 'POST', '/orders', 409, 'application/json', { oops: true })).toEqual([
    expect.stringMatching(/must have required property 'error'/),
  ]);
  // A route the gateway does not publish is not the document's business (its own 404/405).
  expect(await responseProblems(api, 'GET', '/no/such/route', 404, 'application/json', {})).toEqual([]);
});
