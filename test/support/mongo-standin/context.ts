import type { ObjectId } from 'bson';
import type { Storage } from './storage';
import type { Transactions } from './transactions';
import type { Doc } from './values';

/** What command handlers share: the data, the transaction lock, and the identity the server advertises. */
export interface Context {
  storage: Storage;
  transactions: Transactions;
  /** host:port exactly as clients dial it, so replica-set discovery keeps this member. */
  address: string;
  processId: ObjectId;
  electionId: ObjectId;
}

/** Handlers are synchronous on purpose: each runs as one indivisible step between network events. */
export type Handler = (command: Doc, db: string, ctx: Context) => Doc;
