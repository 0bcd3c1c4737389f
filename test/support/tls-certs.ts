import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway certificate authority and a server certificate it signed, as PEM files in a temporary directory. */
export interface TestPki {
  dir: string;
  caFile: string;
  /** Signed by the CA for the name `localhost` only: 127.0.0.1 reaches the server but is not a name it holds. */
  certFile: string;
  keyFile: string;
  /** Another CA, which signed nothing here: a client trusting it must refuse the server. */
  otherCaFile: string;
  remove(): void;
}

const OPENSSL = '/usr/bin/openssl';

/** Why throwaway certificates cannot be made here, or null. */
export const pkiReason = (): string | null => (existsSync(OPENSSL) ? null : `${OPENSSL} is missing`);

function openssl(args: string[], cwd: string): void {
  const res = spawnSync(OPENSSL, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.stderr}`);
}

function makeCa(dir: string, name: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
}

/** Generates the CA, the server certificate (with subjectAltName, which hostname checks read) and a second CA. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-pki-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      'server.pem',
    ],
    dir,
  );
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server.key'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
