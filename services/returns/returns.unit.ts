import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import { notFound } from '../../mixins/access/access.middleware';
import { tooBusy } from './returns.errors';
import { returnsOf, type ReturnDoc } from './returns.ops';

const ATTEMPTS = 8;

/** What a change decides from the return as read: the unit to commit (none: nothing to do) and what to answer. */
export type Plan<T> = { ops?: WriteOp[]; answer: (doc: ReturnDoc) => T };

/**
 * Reads the return, lets `plan` decide one atomic unit from it (the return's update carries the
 * version read), and commits it. A unit that lost a race (the return moved, a guarded counter's
 * condition failed, a unique row exists) is planned again from what the winner left, so the
 * answer is always decided on the state the unit applied to: a replay answers what the first did.
 */
export async function changeReturn<T>(store: Store, id: string, plan: (doc: ReturnDoc, now: number) => Promise<Plan<T>> | Plan<T>): Promise<T> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const doc = await returnsOf(store).get(id);
    if (!doc) throw notFound('Return');
    const { ops, answer } = await plan(doc, Date.now());
    if (!ops?.length) return answer(doc);
    try {
      await store.atomic(ops);
    } catch (err) {
      if (err instanceof VersionConflictError || err instanceof ConditionFailedError || err instanceof UniqueConflictError) continue;
      throw err;
    }
    return answer((await returnsOf(store).get(id))!);
  }
  throw tooBusy();
}
