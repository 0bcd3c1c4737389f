import { Socket } from 'node:net';

/** Why a loopback server cannot be used, or null when its port answers. */
export function portReason(port: number, what: string, host = '127.0.0.1'): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(1_500, () => done(`${what} does not answer on ${host}:${port}`));
    socket.once('error', (err) => done(`${what} not reachable on ${host}:${port} (${err.message})`));
    socket.connect(port, host, () => done(null));
  });
}
