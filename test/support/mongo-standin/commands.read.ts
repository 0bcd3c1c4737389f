import { Long } from 'bson';
import { Aggregator, find as query } from 'mingo';
import type { Handler } from './context';
import { CommandError } from './errors';
import { docArg, docsArg, numArg, sortArg, strArg, type Doc } from './values';

/** Every result goes out in the first batch with cursor id 0, so clients never need getMore. */
export const cursorReply = (ns: string, firstBatch: Doc[]): Doc => ({ cursor: { firstBatch, id: Long.ZERO, ns }, ok: 1 });

const find: Handler = (command, db, ctx) => {
  const name = strArg(command, 'find');
  const docs = ctx.storage.collection(db, name)?.all() ?? [];
  let cursor = query(docs, docArg(command, 'filter') ?? {}, docArg(command, 'projection'));
  // mongod applies sort, then skip, then limit, whatever order the options come in.
  const sort = sortArg(command, 'sort');
  if (sort) cursor = cursor.sort(sort);
  const skip = numArg(command, 'skip');
  if (skip) cursor = cursor.skip(skip);
  const limit = Math.abs(numArg(command, 'limit') ?? 0);
  if (limit) cursor = cursor.limit(limit);
  return cursorReply(`${db}.${name}`, cursor.all());
};

const aggregate: Handler = (command, db, ctx) => {
  const name = command.aggregate;
  if (typeof name !== 'string') throw new CommandError(115, 'CommandNotSupported', 'Collection-less aggregate is not supported');
  const pipeline = docsArg(command, 'pipeline');
  const blocked = pipeline.find((stage) => '$out' in stage || '$merge' in stage || '$lookup' in stage);
  if (blocked)
    throw new CommandError(115, 'CommandNotSupported', `Stage ${Object.keys(blocked)[0]} is not supported by the stand-in`);
  const docs = ctx.storage.collection(db, name)?.all() ?? [];
  return cursorReply(`${db}.${name}`, new Aggregator(pipeline).run(docs));
};

const count: Handler = (command, db, ctx) => {
  const docs = ctx.storage.collection(db, strArg(command, 'count'))?.all() ?? [];
  let cursor = query(docs, docArg(command, 'query') ?? {});
  const skip = numArg(command, 'skip');
  if (skip) cursor = cursor.skip(skip);
  const limit = Math.abs(numArg(command, 'limit') ?? 0);
  if (limit) cursor = cursor.limit(limit);
  return { n: cursor.all().length, ok: 1 };
};

const getMore: Handler = (command) => {
  throw new CommandError(43, 'CursorNotFound', `cursor id ${String(command.getMore)} not found`);
};

const killCursors: Handler = (command) => ({
  cursorsKilled: [],
  cursorsNotFound: Array.isArray(command.cursors) ? command.cursors : [],
  cursorsAlive: [],
  cursorsUnknown: [],
  ok: 1,
});

export const readCommands: Record<string, Handler> = { find, aggregate, count, getMore, killCursors };
