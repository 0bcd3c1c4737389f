import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { standingOf, type TokenStanding } from './access.domain';
import type { SessionRevocations } from './session-revocations';

interface Saved {
  /** sid → epoch ms the entry lapses. */
  ended: Record<string, number>;
  /** account id → [epoch, lapses at]. */
  epochs: Record<string, [number, number]>;
}

/**
 * One process's lists (embedded mode), written through to a file under DATA_DIR and read back
 * when the process starts: synchronously, before the gateway can answer anything, so a restart
 * never revives a logged-out or stale token. The file holds session and account ids, no secrets.
 */
export class MemoryRevocations implements SessionRevocations {
  private readonly ended = new Map<string, number>();
  private readonly epochs = new Map<string, [number, number]>();

  constructor(
    private readonly ttlMs: number,
    private readonly file?: string,
  ) {
    if (file) this.load(file);
  }

  async revoke(sids: string[]): Promise<void> {
    const until = Date.now() + this.ttlMs;
    for (const sid of sids) this.ended.set(sid, until);
    this.save();
  }

  async raiseEpoch(accountId: string, epoch: number): Promise<void> {
    const cur = this.epochs.get(accountId);
    if (cur && this.live(cur[1]) && epoch < cur[0]) return;
    this.epochs.set(accountId, [epoch, Date.now() + this.ttlMs]);
    this.save();
  }

  async standing(token: { id: string; sid?: string; epoch?: number }): Promise<TokenStanding> {
    const epoch = this.epochs.get(token.id);
    const sessionEnded = token.sid !== undefined && this.live(this.ended.get(token.sid));
    return standingOf(sessionEnded, epoch && this.live(epoch[1]) ? epoch[0] : null, token.epoch);
  }

  async close(): Promise<void> {}

  private live(until: number | undefined): boolean {
    return until !== undefined && until > Date.now();
  }

  private prune(): void {
    for (const [sid, t] of this.ended) if (!this.live(t)) this.ended.delete(sid);
    for (const [id, [, t]] of this.epochs) if (!this.live(t)) this.epochs.delete(id);
  }

  private load(file: string): void {
    let saved: Partial<Saved>;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Saved>;
    } catch {
      return; // First start (or a file cut short by a crash mid-write, which rename makes unlikely).
    }
    for (const [sid, t] of Object.entries(saved.ended ?? {})) if (typeof t === 'number') this.ended.set(sid, t);
    for (const [id, e] of Object.entries(saved.epochs ?? {}))
      if (Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'number') this.epochs.set(id, [e[0], e[1]]);
    this.prune();
  }

  /** Synchronous and written whole then renamed: concurrent calls in the process cannot interleave, a crash leaves the old file. */
  private save(): void {
    this.prune();
    if (!this.file) return;
    const saved: Saved = { ended: Object.fromEntries(this.ended), epochs: Object.fromEntries(this.epochs) };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(saved), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
