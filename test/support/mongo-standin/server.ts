import { createServer, type Server, type Socket } from 'node:net';
import { helloReply } from './commands.admin';
import { dispatch } from './commands';
import type { Context } from './context';
import { numArg } from './values';
import {
  decodeRequest,
  encodeMsg,
  encodeReply,
  EXHAUST_ALLOWED,
  MessageSplitter,
  MORE_TO_COME,
  newRequestId,
  OP_QUERY,
  type Request,
} from './wire';

const HELLO = new Set(['hello', 'isMaster', 'ismaster']);

/** The TCP side: frames requests, runs them, and streams heartbeat replies to monitoring connections. */
export class WireServer {
  private readonly server: Server = createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private connections = 0;

  constructor(private readonly ctx: () => Context) {}

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('The stand-in did not get a TCP port');
    return address.port;
  }

  async close(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connectionId = ++this.connections;
    const splitter = new MessageSplitter();
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    // A client dropping its connection is routine (pool pruning, close()); nothing to report.
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of splitter.push(chunk)) void this.handle(socket, connectionId, decodeRequest(message));
      } catch {
        socket.destroy();
      }
    });
  }

  private async handle(socket: Socket, connectionId: number, request: Request): Promise<void> {
    const name = Object.keys(request.command)[0] ?? '';
    if (HELLO.has(name)) return this.hello(socket, connectionId, request, name !== 'hello');
    const reply = await dispatch(request.command, request.database, this.ctx());
    if (socket.destroyed) return;
    const requestId = newRequestId();
    socket.write(
      request.opCode === OP_QUERY
        ? encodeReply(reply, request.requestId, requestId)
        : encodeMsg(reply, request.requestId, requestId),
    );
  }

  /**
   * An awaitable hello (topologyVersion + maxAwaitTimeMS) waits out maxAwaitTimeMS since the topology
   * never changes; with exhaustAllowed the driver then expects a stream of moreToCome replies.
   */
  private hello(socket: Socket, connectionId: number, request: Request, legacy: boolean): void {
    const reply = () => helloReply(this.ctx(), connectionId, legacy);
    const awaitMs = numArg(request.command, 'maxAwaitTimeMS');
    if (awaitMs === undefined || request.command.topologyVersion === undefined) {
      const requestId = newRequestId();
      socket.write(
        request.opCode === OP_QUERY
          ? encodeReply(reply(), request.requestId, requestId)
          : encodeMsg(reply(), request.requestId, requestId),
      );
      return;
    }
    const exhaust = (request.flags & EXHAUST_ALLOWED) !== 0;
    let responseTo = request.requestId;
    const schedule = (): void => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (socket.destroyed) return;
        const requestId = newRequestId();
        socket.write(encodeMsg(reply(), responseTo, requestId, exhaust ? MORE_TO_COME : 0));
        responseTo = requestId;
        if (exhaust) schedule();
      }, awaitMs);
      timer.unref();
      this.timers.add(timer);
    };
    schedule();
  }
}
