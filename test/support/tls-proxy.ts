import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createServer } from 'node:tls';

/** A TLS front for a plaintext server (the MongoDB stand-in, DynamoDB Local): what a TLS-terminating proxy does. */
export interface TlsProxy {
  port: number;
  /** TLS sessions completed so far: traffic that really went through TLS. */
  sessions(): number;
  close(): Promise<void>;
}

export async function tlsProxy(
  target: { host: string; port: number },
  tls: { certFile: string; keyFile: string },
): Promise<TlsProxy> {
  let sessions = 0;
  const open = new Set<Socket>();
  const server = createServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, (client) => {
    sessions++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => open.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  // A client that refuses the certificate aborts the handshake: expected here, not a failure of the proxy.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sessions: () => sessions,
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
