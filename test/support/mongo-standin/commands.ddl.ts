import { Query } from 'mingo';
import { cursorReply } from './commands.read';
import type { Handler } from './context';
import { ID_INDEX, withIndexes, withoutIndexes } from './indexes';
import { docArg, docsArg, strArg, type Doc } from './values';

const create: Handler = (command, db, ctx) => {
  ctx.storage.create(db, strArg(command, 'create'));
  return { ok: 1 };
};

const drop: Handler = (command, db, ctx) => {
  const name = strArg(command, 'drop');
  const coll = ctx.storage.mustGet(db, name);
  ctx.storage.drop(db, name);
  return { ns: coll.ns, nIndexesWas: coll.indexes.length, ok: 1 };
};

const createIndexes: Handler = (command, db, ctx) => {
  const name = strArg(command, 'createIndexes');
  const existed = ctx.storage.collection(db, name) !== undefined;
  const coll = ctx.storage.ensure(db, name);
  const before = coll.indexes.length;
  ctx.storage.setIndexes(coll, withIndexes(coll, docsArg(command, 'indexes')));
  const reply: Doc = {
    createdCollectionAutomatically: !existed,
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
    ok: 1,
  };
  if (before === coll.indexes.length) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: Handler = (command, db, ctx) => {
  const coll = ctx.storage.mustGet(db, strArg(command, 'listIndexes'));
  return cursorReply(
    coll.ns,
    coll.indexes.map((index) => ({ ...index })),
  );
};

const dropIndexes: Handler = (command, db, ctx) => {
  const coll = ctx.storage.mustGet(db, strArg(command, 'dropIndexes'));
  const before = coll.indexes.length;
  ctx.storage.setIndexes(coll, withoutIndexes(coll, command.index));
  return { nIndexesWas: before, ok: 1 };
};

const listCollections: Handler = (command, db, ctx) => {
  const filter = new Query(docArg(command, 'filter') ?? {});
  const entries = ctx.storage
    .collections(db)
    .map((coll): Doc => ({
      name: coll.name,
      type: 'collection',
      options: {},
      info: { readOnly: false },
      idIndex: { ...ID_INDEX },
    }))
    .filter((entry) => filter.test(entry))
    .map((entry) => (command.nameOnly === true ? { name: entry.name, type: entry.type } : entry));
  return cursorReply(`${db}.$cmd.listCollections`, entries);
};

const listDatabases: Handler = (command, _db, ctx) => {
  const names = ctx.storage.databaseNames();
  if (command.nameOnly === true) return { databases: names.map((name) => ({ name })), ok: 1 };
  return { databases: names.map((name) => ({ name, sizeOnDisk: 0, empty: false })), totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const dropDatabase: Handler = (_command, db, ctx) => {
  if (!ctx.storage.databaseNames().includes(db)) return { ok: 1 };
  ctx.storage.dropDatabase(db);
  return { dropped: db, ok: 1 };
};

export const ddlCommands: Record<string, Handler> = {
  create,
  drop,
  createIndexes,
  listIndexes,
  dropIndexes,
  listCollections,
  listDatabases,
  dropDatabase,
};
