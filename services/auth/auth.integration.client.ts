import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A small HTTP client for the auth integration spec: real requests against the platform's gateway. */

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

export function client(api: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
    opts: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${api}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T, text };
  };
}

export type Call = ReturnType<typeof client>;

export interface MailRow {
  at: string;
  to: string;
  template: string;
  token: string;
  link: string;
}

/** The dev mailbox, as the auth service appends it while no notifications service runs. */
export function mailsTo(dataDir: string, to: string, template?: string): MailRow[] {
  const file = path.join(dataDir, 'mailbox', 'mail.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MailRow)
    .filter((m) => m.to === to && (!template || m.template === template));
}

/** The claims of a JWT, read without verifying (the gateway verifies; the test only looks). */
export const claims = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

export async function eventually<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
