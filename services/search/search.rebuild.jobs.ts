import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import type { RebuildJob, RebuildPhase } from './search.rebuild.domain';

/**
 * Rebuild jobs, in the search store beside the index's tables. One job runs at a time: a partial
 * unique index over running jobs makes starting one a single insert that either wins or finds the
 * running one (never check-then-act). A job is held by one node at a time through a lease renewed
 * with every page; a node that dies leaves a lease that lapses, and the next look takes the job over
 * at its saved cursor.
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS search_rebuilds (
    id text PRIMARY KEY, gen text NOT NULL, reason text NOT NULL, state text NOT NULL, phase text NOT NULL,
    cursor text, old_gen text, stock integer NOT NULL DEFAULT 0, products integer NOT NULL DEFAULT 0,
    replayed integer NOT NULL DEFAULT 0, owner text, lease_until bigint NOT NULL, started_at bigint NOT NULL,
    finished_at bigint, error text
  )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS search_rebuilds_one_running ON search_rebuilds ((true)) WHERE state = 'running'`,
];

const COLUMNS = `id, gen, reason, state, phase, cursor, old_gen, stock, products, replayed, owner, lease_until, started_at, finished_at, error`;

function jobOf(r: Record<string, unknown>): RebuildJob {
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    id: String(r.id),
    gen: String(r.gen),
    reason: String(r.reason),
    state: r.state as RebuildJob['state'],
    phase: r.phase as RebuildPhase,
    cursor: (r.cursor as string | null) ?? null,
    oldGen: (r.old_gen as string | null) ?? null,
    stock: Number(r.stock),
    products: Number(r.products),
    replayed: Number(r.replayed),
    startedAt: Number(r.started_at),
    ...(num(r.finished_at) !== undefined ? { finishedAt: num(r.finished_at) } : {}),
    ...(r.error ? { error: String(r.error) } : {}),
  };
}

export class RebuildJobs {
  constructor(private readonly sql: SqlRunner) {}

  async ensure(): Promise<void> {
    for (const statement of DDL) await this.sql.query(statement);
  }

  /** Starts a job unless one is running; either way answers the running job and whether it is new. */
  async start(job: Pick<RebuildJob, 'id' | 'gen' | 'reason'>, now: number): Promise<{ job: RebuildJob; started: boolean }> {
    const { rows } = await this.sql.query(
      `INSERT INTO search_rebuilds (id, gen, reason, state, phase, lease_until, started_at)
       VALUES ($1, $2, $3, 'running', 'stock', 0, $4)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [job.id, job.gen, job.reason, now],
    );
    if (rows[0]) return { job: jobOf(rows[0]), started: true };
    const running = await this.running();
    if (running) return { job: running, started: false };
    return this.start(job, now); // the running one finished between the two statements
  }

  async get(id: string): Promise<RebuildJob | null> {
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM search_rebuilds WHERE id = $1`, [id]);
    return rows[0] ? jobOf(rows[0]) : null;
  }

  async running(): Promise<RebuildJob | null> {
    const { rows } = await this.sql.query(`SELECT ${COLUMNS} FROM search_rebuilds WHERE state = 'running'`);
    return rows[0] ? jobOf(rows[0]) : null;
  }

  /** Takes the running job when it is ours already or its holder's lease lapsed; null when another node holds it. */
  async claim(owner: string, now: number, leaseMs: number): Promise<RebuildJob | null> {
    const { rows } = await this.sql.query(
      `UPDATE search_rebuilds SET owner = $1, lease_until = $2
       WHERE state = 'running' AND (owner = $1 OR lease_until < $3) RETURNING ${COLUMNS}`,
      [owner, now + leaseMs, now],
    );
    return rows[0] ? jobOf(rows[0]) : null;
  }

  /** Saves progress and renews the lease; false when this node no longer holds the job (it must stop). */
  async progress(job: RebuildJob, owner: string, until: number, session: SqlSession = this.sql): Promise<boolean> {
    const { rows } = await session.query(
      `UPDATE search_rebuilds SET phase = $3, cursor = $4, old_gen = $5, stock = $6, products = $7, replayed = $8, lease_until = $9
       WHERE id = $1 AND owner = $2 AND state = 'running' RETURNING id`,
      [job.id, owner, job.phase, job.cursor, job.oldGen, job.stock, job.products, job.replayed, until],
    );
    return rows.length > 0;
  }

  async finish(id: string, owner: string, state: 'done' | 'failed', now: number, error?: string): Promise<void> {
    await this.sql.query(
      `UPDATE search_rebuilds SET state = $3, finished_at = $4, error = $5 WHERE id = $1 AND owner = $2 AND state = 'running'`,
      [id, owner, state, now, error ?? null],
    );
  }
}
