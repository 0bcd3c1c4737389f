import { Client } from 'pg';
import { storeDatabaseName } from '../config/stores';
import { summarize, type Summary } from './load';

/**
 * Index lag under a steady write load: product renames through `PATCH /api/products/:id` at a fixed
 * rate (open loop: each write leaves on its schedule, whatever the others do), while a poller reads
 * the live index (`search_docs`, what queries read) until each write's name is there. Lag is from
 * the moment the write was sent (at or before the event's time) to the poll that saw it, so it is
 * an upper bound by up to one poll interval.
 */

export interface LagSettings {
  ratePerS: number;
  durationS: number;
  /** Writes in flight at most; a write due while this many are open waits (and counts as late). */
  maxInFlight: number;
}

export interface LagResult {
  writes: number;
  /** Writes answered per second over the run. */
  achievedRate: number;
  /** Write sent → answered. */
  write: Summary;
  /** Write sent → its name in the live index. */
  lag: Summary;
  /** Writes never seen in the index before the deadline, and writes that failed. */
  unseen: number;
  failed: number;
}

const POLL_MS = 20;
const SEEN_DEADLINE_MS = 30_000;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export async function lagRun(s: LagSettings, api: string, token: string, prefix: string, ids: string[]): Promise<LagResult> {
  const db = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${storeDatabaseName('search', prefix)}` });
  await db.connect();
  const total = Math.round(s.ratePerS * s.durationS);
  const pending = new Map<string, { name: string; sent: number }>();
  const lags: number[] = [];
  const writes: number[] = [];
  let failed = 0;
  let open = 0;
  let done = false;
  let deadline = Infinity;
  const poller = (async () => {
    while (!done || pending.size) {
      const wanted = [...pending.keys()].slice(0, 2_000);
      if (wanted.length) {
        const { rows } = await db.query<{ id: string; name: string }>(
          `SELECT id, doc->>'name' AS name FROM search_docs WHERE id = ANY($1)`,
          [wanted],
        );
        const at = nowMs();
        for (const r of rows) {
          const w = pending.get(r.id);
          if (w && r.name === w.name) {
            lags.push(at - w.sent);
            pending.delete(r.id);
          }
        }
      }
      if (done && nowMs() > deadline) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  const start = nowMs();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / s.ratePerS;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (open >= s.maxInFlight) await new Promise((r) => setTimeout(r, 1));
    // One write per product at a time: a product's next rename comes after `ids.length` others.
    const id = ids[i % ids.length];
    const name = `Bench lag ${i} ${id.slice(0, 8)}`;
    const sent = nowMs();
    open++;
    sends.push(
      fetch(`${api}/products/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name }),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
          writes.push(nowMs() - sent);
          pending.set(id, { name, sent });
        })
        .catch(() => void failed++)
        .finally(() => void open--),
    );
  }
  await Promise.all(sends);
  const elapsed = nowMs() - start;
  deadline = nowMs() + SEEN_DEADLINE_MS;
  done = true;
  await poller;
  await db.end();
  return {
    writes: writes.length,
    achievedRate: (writes.length * 1000) / elapsed,
    write: summarize(writes, elapsed),
    lag: summarize(lags, elapsed),
    unseen: pending.size,
    failed,
  };
}
