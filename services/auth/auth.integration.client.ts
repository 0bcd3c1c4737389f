import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Helpers for the auth integration spec; the HTTP client itself is the shared test one. */
export { client, type Call, type Reply } from '../../test/support/http';

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
