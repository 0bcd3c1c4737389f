import { accessSync, constants, readFileSync } from 'node:fs';

/** Small typed readers over an env map: each failure names the variable and the form it expects. */
export class ConfigError extends Error {
  constructor(variable: string, expected: string, got: string) {
    super(`Invalid configuration: ${variable} must be ${expected} (got "${got}")`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function envReader(env: Env) {
  const raw = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    raw,
    str(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    optional(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!/^-?\d+$/.test(v) || n < min || n > max) throw new ConfigError(name, `an integer from ${min} to ${max}`, v);
      return n;
    },
    bool(name: string, fallback: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new ConfigError(name, 'true or false', v);
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!allowed.includes(v as T)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, v);
      return v as T;
    },
    url(name: string, protocols: string[], fallback?: string): string | undefined {
      const v = raw(name) ?? fallback;
      if (v === undefined) return undefined;
      let parsed: URL;
      try {
        parsed = new URL(v);
      } catch {
        throw new ConfigError(name, `a URL (${protocols.join(' or ')})`, redact(v));
      }
      if (!protocols.includes(parsed.protocol.replace(':', ''))) {
        throw new ConfigError(name, `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`, redact(v));
      }
      return v;
    },
    match(name: string, pattern: RegExp, expected: string, fallback: string): string {
      const v = raw(name) ?? fallback;
      if (!pattern.test(v)) throw new ConfigError(name, expected, v);
      return v;
    },
    /** A readable PEM file's path; a certificate file must hold a certificate. A key is left unread (the client loads it). */
    pemFile(name: string, kind: 'certificate' | 'key' = 'certificate'): string | undefined {
      const file = raw(name);
      if (file === undefined) return undefined;
      let why = 'not readable';
      try {
        accessSync(file, constants.R_OK);
        why = 'no PEM certificate in it';
        if (kind === 'key' || /-----BEGIN CERTIFICATE-----/.test(readFileSync(file, 'utf8'))) return file;
      } catch {
        // why says which step failed
      }
      throw new ConfigError(name, `a readable PEM ${kind} file`, `${file}: ${why}`);
    },
    list(name: string, fallback: string[]): string[] {
      const v = raw(name);
      return v === undefined
        ? fallback
        : v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    },
  };
}

/** Connection strings can carry passwords: never echo them back. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
