import { Long } from 'bson';
import { CommandError } from './errors';
import { keyOf } from './indexes';
import type { Journal, Storage } from './storage';
import type { Doc } from './values';

interface Active {
  session: string;
  txnNumber: number;
  journal: Journal;
  timer: NodeJS.Timeout;
}

interface Caller {
  session: string | null;
  txnNumber: number | null;
  /** autocommit: false marks a command as part of a multi-document transaction. */
  inTransaction: boolean;
  starts: boolean;
}

function callerOf(command: Doc): Caller {
  const lsid = command.lsid as Doc | undefined;
  const raw: unknown = command.txnNumber;
  const txnNumber = typeof raw === 'number' ? raw : raw instanceof Long ? raw.toNumber() : null;
  return {
    session: lsid ? keyOf(lsid.id) : null,
    txnNumber,
    inTransaction: command.autocommit === false,
    starts: command.startTransaction === true,
  };
}

const noSuchTransaction = (txnNumber: number | null): CommandError =>
  new CommandError(251, 'NoSuchTransaction', `Transaction with txnNumber ${txnNumber} has been aborted or is not open`, {
    errorLabels: ['TransientTransactionError'],
  });

/**
 * Transactions run one at a time: the open one holds a global lock and every other command
 * waits behind it, so no one observes uncommitted writes. Each transaction keeps an undo journal.
 */
export class Transactions {
  private active: Active | null = null;
  private readonly waiting: Array<() => void> = [];
  private readonly ended = new Map<string, { txnNumber: number; committed: boolean }>();

  constructor(
    private readonly storage: Storage,
    /** mongod's transactionLifetimeLimitSeconds: an abandoned transaction must not hold the lock forever. */
    private readonly lifetimeMs = 60_000,
  ) {}

  get busy(): boolean {
    return this.active !== null;
  }

  /** Runs `execute` once the command may proceed, and returns its reply. */
  run(command: Doc, name: string, execute: () => Doc): Promise<Doc> {
    const caller = callerOf(command);
    if (name === 'commitTransaction' || name === 'abortTransaction') {
      return Promise.resolve(this.end(caller, name === 'commitTransaction'));
    }
    if (caller.inTransaction && this.owns(caller)) return Promise.resolve(this.inside(execute));
    if (caller.inTransaction && !caller.starts) return Promise.reject(noSuchTransaction(caller.txnNumber));
    if (caller.starts && this.active?.session === caller.session) this.finish(false);
    return new Promise((resolve, reject) => {
      const go = (): void => {
        try {
          if (!caller.starts) return resolve(execute());
          this.begin(caller);
          resolve(this.inside(execute));
        } catch (error) {
          reject(error);
        }
      };
      if (this.active) this.waiting.push(go);
      else go();
    });
  }

  /** Aborts whatever is open, e.g. when the server stops. */
  close(): void {
    if (this.active) this.finish(false);
  }

  private owns(caller: Caller): boolean {
    return this.active !== null && this.active.session === caller.session && this.active.txnNumber === caller.txnNumber;
  }

  private begin(caller: Caller): void {
    const session = caller.session ?? 'anonymous';
    const timer = setTimeout(() => this.active?.timer === timer && this.finish(false), this.lifetimeMs);
    timer.unref();
    this.active = { session, txnNumber: caller.txnNumber ?? 0, journal: [], timer };
  }

  /** Runs a command of the open transaction; as in mongod, a failed write aborts the whole transaction. */
  private inside(execute: () => Doc): Doc {
    const active = this.active;
    if (!active) throw noSuchTransaction(null);
    this.storage.journal = active.journal;
    try {
      const reply = execute();
      if (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0) this.finishWith(active, false);
      return reply;
    } catch (error) {
      this.finishWith(active, false);
      throw error;
    } finally {
      this.storage.journal = null;
    }
  }

  private end(caller: Caller, commit: boolean): Doc {
    if (this.owns(caller)) {
      this.finish(commit);
      return { ok: 1 };
    }
    const ended = caller.session ? this.ended.get(caller.session) : undefined;
    const known = ended !== undefined && ended.txnNumber === caller.txnNumber;
    // A retried commit of a committed transaction succeeds again; aborting twice is harmless.
    if (!commit || (known && ended.committed)) return { ok: 1 };
    throw noSuchTransaction(caller.txnNumber);
  }

  private finish(commit: boolean): void {
    if (this.active) this.finishWith(this.active, commit);
  }

  private finishWith(active: Active, commit: boolean): void {
    if (this.active !== active) return;
    clearTimeout(active.timer);
    this.storage.journal = null;
    if (!commit) for (const undo of active.journal.reverse()) undo();
    this.ended.set(active.session, { txnNumber: active.txnNumber, committed: commit });
    this.active = null;
    while (!this.active && this.waiting.length > 0) this.waiting.shift()?.();
  }
}
