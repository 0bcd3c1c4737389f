import { Errors } from 'moleculer';
import { isDeepStrictEqual } from 'node:util';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Doc, Store } from '../../mixins/store/store.types';
import { DEFAULT_AUTO_APPROVE, DEFAULT_REASONS, DEFAULT_WINDOW_DAYS } from './domain/return-rules';
import type { ReturnPolicy } from './returns.contract';

export type ReasonDoc = Doc & { label: string; active: boolean; createdAt: number };
type SettingsDoc = Doc & { policy: StoredPolicy; updatedAt: number; version: number };
/** The policy as saved: the reasons live in their own collection (admins manage them one by one). */
export type StoredPolicy = Omit<ReturnPolicy, 'reasons'>;

export const DEFAULT_POLICY: StoredPolicy = {
  windowDays: DEFAULT_WINDOW_DAYS,
  allowShipped: false,
  autoApprove: DEFAULT_AUTO_APPROVE,
  refund: { refundShipping: 'full-return-only' },
  exchangeShip: 'on-receipt',
};
const POLICY_ID = 'policy';

/** The return policy and the reasons customers choose from; both read fresh (admins change them at any time). */
export class ReturnSettings {
  constructor(private readonly store: Store) {}

  private get reasonRows() {
    return this.store.collection<ReasonDoc>('reasons');
  }

  /** The default reasons exist once; a removed one stays removed (inactive), since this never overwrites. */
  async seed(now = Date.now()): Promise<void> {
    await Promise.all(
      DEFAULT_REASONS.map((id) =>
        this.reasonRows.insert({ id, label: id, active: true, createdAt: now }).catch((err) => {
          if (!(err instanceof UniqueConflictError)) throw err;
        }),
      ),
    );
  }

  async policy(): Promise<ReturnPolicy & { version: number }> {
    const [doc, reasons] = await Promise.all([
      this.store.collection<SettingsDoc>('settings').get(POLICY_ID),
      this.reasons(),
    ]);
    return { ...DEFAULT_POLICY, ...(doc?.policy ?? {}), reasons: reasons.map((r) => r.id), version: doc?.version ?? 0 };
  }

  /** Saves the whole policy; `version` (from the last read) refuses a save over someone else's (409). Idempotent. */
  async save(policy: StoredPolicy, version?: number, now = Date.now()): Promise<ReturnPolicy & { version: number }> {
    const settings = this.store.collection<SettingsDoc>('settings');
    const current = await settings.get(POLICY_ID);
    // The same policy again (a retried save) writes nothing, so it answers what the first did.
    if (current && isDeepStrictEqual(current.policy, policy)) return this.policy();
    if (version !== undefined && (current?.version ?? 0) !== version) throw versionConflict();
    if (!current) {
      await settings.insert({ id: POLICY_ID, policy, updatedAt: now } as SettingsDoc).catch((err) => {
        throw err instanceof UniqueConflictError ? versionConflict() : err;
      });
    } else if (!(await settings.update(POLICY_ID, { $set: { policy, updatedAt: now } }, { where: { version: current.version } })))
      throw versionConflict();
    return this.policy();
  }

  async reasons(all = false): Promise<ReasonDoc[]> {
    return this.reasonRows.find({ filter: all ? {} : { active: true }, sort: ['createdAt', 'id'] });
  }

  /** Adds a reason, or brings a removed one back with its new label. */
  async putReason(id: string, label: string, now = Date.now()): Promise<ReasonDoc> {
    const found = await this.reasonRows.update(id, { $set: { label, active: true } });
    return found ?? this.reasonRows.insert({ id, label, active: true, createdAt: now });
  }

  /** Removed reasons stay stored (returns name them); customers can no longer choose them. */
  async removeReason(id: string): Promise<ReasonDoc> {
    const found = await this.reasonRows.update(id, { $set: { active: false } });
    if (!found) throw new Errors.MoleculerClientError('Return reason not found', 404, 'NOT_FOUND');
    return found;
  }
}

const versionConflict = () =>
  new Errors.MoleculerClientError('The return policy was changed by someone else; read it again', 409, 'VERSION_CONFLICT', {
    field: 'version',
  });
