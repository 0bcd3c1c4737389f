import { BSON, type Document } from 'bson';

/** MongoDB wire protocol framing: just the opcodes the official driver sends to a modern server. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;
export const EXHAUST_ALLOWED = 1 << 16;
const HEADER = 16;

export interface Request {
  requestId: number;
  opCode: number;
  flags: number;
  /** The command document with any OP_MSG document sequences folded in under their identifiers. */
  command: Document;
  database: string;
}

let nextRequestId = 1;
export const newRequestId = (): number => (nextRequestId = (nextRequestId % 0x7fffffff) + 1);

/** Splits a byte stream into whole messages; keeps the incomplete tail for the next chunk. */
export class MessageSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER) throw new Error(`Invalid message length ${length}`);
      if (this.pending.length < length) break;
      out.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return out;
  }
}

export function decodeRequest(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return decodeMsg(message, requestId);
  if (opCode === OP_QUERY) return decodeQuery(message, requestId);
  throw new Error(`Unsupported opcode ${opCode}`);
}

function decodeMsg(message: Buffer, requestId: number): Request {
  const flags = message.readUInt32LE(HEADER);
  // The CRC-32C trailer is only an integrity check on the same host; it is stripped, not verified.
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER + 4;
  let body: Document | null = null;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      body = BSON.deserialize(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const stop = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      let at = nameEnd + 1;
      const docs: Document[] = [];
      while (at < stop) {
        const docSize = message.readInt32LE(at);
        docs.push(BSON.deserialize(message.subarray(at, at + docSize)));
        at += docSize;
      }
      sequences[identifier] = docs;
      offset = stop;
    } else {
      throw new Error(`Unsupported OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  const command = { ...body, ...sequences };
  return { requestId, opCode: OP_MSG, flags, command, database: String(body.$db ?? 'admin') };
}

function decodeQuery(message: Buffer, requestId: number): Request {
  const flags = message.readInt32LE(HEADER);
  const nameEnd = message.indexOf(0, HEADER + 4);
  const namespace = message.toString('utf8', HEADER + 4, nameEnd);
  const docStart = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(docStart);
  const query = BSON.deserialize(message.subarray(docStart, docStart + size));
  // Legacy clients may wrap the command as { $query: {...}, $readPreference }.
  const command = typeof query.$query === 'object' && query.$query !== null ? (query.$query as Document) : query;
  return { requestId, opCode: OP_QUERY, flags, command, database: namespace.split('.')[0] };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const out = Buffer.alloc(HEADER);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
  return out;
}

export function encodeMsg(reply: Document, responseTo: number, requestId: number, flags = 0): Buffer {
  const doc = BSON.serialize(reply);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32LE(flags, 0);
  prefix[4] = 0;
  return Buffer.concat([header(HEADER + 5 + doc.length, requestId, responseTo, OP_MSG), prefix, doc]);
}

export function encodeReply(reply: Document, responseTo: number, requestId: number): Buffer {
  const doc = BSON.serialize(reply);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(HEADER + 20 + doc.length, requestId, responseTo, OP_REPLY), fields, doc]);
}
