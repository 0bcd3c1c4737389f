import { find, Query } from 'mingo';
import type { Context, Handler } from './context';
import { CommandError } from './errors';
import { keyOf } from './indexes';
import { modified, upserted } from './modify';
import type { CollectionData } from './storage';
import { docArg, docsArg, sortArg, strArg, type Doc } from './values';

/** Runs each statement; a CommandError becomes a writeError and, when ordered, stops the batch (mongod semantics). */
function eachStatement(command: Doc, key: string, run: (statement: Doc) => void): Doc[] {
  const writeErrors: Doc[] = [];
  const ordered = command.ordered !== false;
  for (const [index, statement] of docsArg(command, key).entries()) {
    try {
      run(statement);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      writeErrors.push({ index, code: error.code, errmsg: error.message, ...error.extra });
      if (ordered) break;
    }
  }
  return writeErrors;
}

const withErrors = (reply: Doc, writeErrors: Doc[]): Doc => (writeErrors.length > 0 ? { ...reply, writeErrors } : reply);

const matching = (coll: CollectionData, query: Doc): Doc[] => {
  const test = new Query(query);
  return coll.all().filter((doc) => test.test(doc));
};

const insert: Handler = (command, db, ctx) => {
  const coll = ctx.storage.ensure(db, strArg(command, 'insert'));
  let n = 0;
  const writeErrors = eachStatement(command, 'documents', (doc) => {
    ctx.storage.insert(coll, doc);
    n++;
  });
  return withErrors({ n, ok: 1 }, writeErrors);
};

/** Replaces `before` with its updated form; `changed` is false when the update was a no-op. */
function applyUpdate(
  ctx: Context,
  coll: CollectionData,
  before: Doc,
  u: unknown,
  arrayFilters?: Doc[],
): { after: Doc; changed: boolean } {
  const after = modified(before, u, arrayFilters);
  const changed = keyOf(after) !== keyOf(before);
  if (changed) ctx.storage.replace(coll, before, after);
  return { after, changed };
}

const update: Handler = (command, db, ctx) => {
  const coll = ctx.storage.ensure(db, strArg(command, 'update'));
  let n = 0;
  let nModified = 0;
  const upsertedIds: Doc[] = [];
  let index = 0;
  const writeErrors = eachStatement(command, 'updates', (statement) => {
    const query = docArg(statement, 'q') ?? {};
    const arrayFilters = Array.isArray(statement.arrayFilters) ? docsArg(statement, 'arrayFilters') : undefined;
    const targets = matching(coll, query).slice(0, statement.multi === true ? undefined : 1);
    if (targets.length === 0 && statement.upsert === true) {
      const doc = upserted(query, statement.u, arrayFilters);
      ctx.storage.insert(coll, doc);
      upsertedIds.push({ index, _id: doc._id });
      n++;
    }
    for (const before of targets) {
      n++;
      if (applyUpdate(ctx, coll, before, statement.u, arrayFilters).changed) nModified++;
    }
    index++;
  });
  const reply: Doc = { n, nModified, ok: 1 };
  if (upsertedIds.length > 0) reply.upserted = upsertedIds;
  return withErrors(reply, writeErrors);
};

const remove: Handler = (command, db, ctx) => {
  const coll = ctx.storage.collection(db, strArg(command, 'delete'));
  let n = 0;
  const writeErrors = eachStatement(command, 'deletes', (statement) => {
    if (!coll) return;
    const targets = matching(coll, docArg(statement, 'q') ?? {});
    for (const doc of statement.limit === 1 ? targets.slice(0, 1) : targets) {
      ctx.storage.remove(coll, doc);
      n++;
    }
  });
  return withErrors({ n, ok: 1 }, writeErrors);
};

const findAndModify: Handler = (command, db, ctx) => {
  const name = typeof command.findAndModify === 'string' ? command.findAndModify : strArg(command, 'findandmodify');
  const query = docArg(command, 'query') ?? {};
  const fields = docArg(command, 'fields');
  const project = (doc: Doc | null): Doc | null => (doc && fields ? (find([doc], {}, fields).all()[0] ?? null) : doc);
  const arrayFilters = Array.isArray(command.arrayFilters) ? docsArg(command, 'arrayFilters') : undefined;
  const coll = command.upsert === true ? ctx.storage.ensure(db, name) : ctx.storage.collection(db, name);
  let cursor = find(coll?.all() ?? [], query);
  const sort = sortArg(command, 'sort');
  if (sort) cursor = cursor.sort(sort);
  const [before] = cursor.limit(1).all();
  if (!coll || !before) {
    if (!coll || command.remove === true || command.upsert !== true) {
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
    const doc = upserted(query, command.update, arrayFilters);
    ctx.storage.insert(coll, doc);
    const value = command.new === true ? project(doc) : null;
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value, ok: 1 };
  }
  if (command.remove === true) {
    ctx.storage.remove(coll, before);
    return { lastErrorObject: { n: 1 }, value: project(before), ok: 1 };
  }
  const { after } = applyUpdate(ctx, coll, before, command.update, arrayFilters);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(command.new === true ? after : before), ok: 1 };
};

export const writeCommands: Record<string, Handler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
