import { Long } from 'bson';
import type { Context, Handler } from './context';
import type { Doc } from './values';

/** Wire version 21 is MongoDB 7.0: inside the range the v7 driver accepts, and new enough for transactions. */
const MAX_WIRE_VERSION = 21;

/**
 * What a single-node replica-set primary answers to hello/isMaster. Advertising a replica set with
 * session support is what makes the driver allow sessions and multi-document transactions.
 */
export function helloReply(ctx: Context, connectionId: number, legacy: boolean): Doc {
  return {
    helloOk: true,
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    topologyVersion: { processId: ctx.processId, counter: Long.ZERO },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    setName: 'rs0',
    setVersion: 1,
    electionId: ctx.electionId,
    hosts: [ctx.address],
    primary: ctx.address,
    me: ctx.address,
    secondary: false,
    ok: 1,
  };
}

const ok: Handler = () => ({ ok: 1 });

const buildInfo: Handler = () => ({
  version: '7.0.0-standin',
  versionArray: [7, 0, 0, 0],
  gitVersion: 'standin',
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['memory'],
  ok: 1,
});

const getParameter: Handler = (command) => {
  const reply: Doc = { ok: 1 };
  if (command.featureCompatibilityVersion !== undefined) reply.featureCompatibilityVersion = { version: '7.0' };
  return reply;
};

/** Commands answered without waiting for an open transaction: handshakes, liveness and session bookkeeping. */
export const adminCommands: Record<string, Handler> = {
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
};
