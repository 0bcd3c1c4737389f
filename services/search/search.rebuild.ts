import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlRunner, SqlSession } from '../../mixins/store/postgres/postgres.store';
import type { StockRecord } from '../inventory/inventory.contract';
import type { ExportPage } from './search.contract';
import type { SourceProduct } from './search.document.domain';
import { SCHEMA_VERSION, type SearchIndex } from './search.index';
import { pointViews, tablesOf } from './search.index.ddl';
import { documentOf } from './search.projection';
import { LIVE, newerIn } from './search.rebuild.diff';
import { generationName, orphanGenerations, stockChangedOf, switchNow, type RebuildJob } from './search.rebuild.domain';
import { RebuildJobs } from './search.rebuild.jobs';

/** The sources' own reads (products.export, inventory.export): keyset pages, or the named ids. */
export interface RebuildSources {
  products(p: { after?: string; limit?: number; ids?: string[] }): Promise<ExportPage<SourceProduct>>;
  stock(p: { after?: string; limit?: number; skus?: string[] }): Promise<ExportPage<StockRecord>>;
}

export interface RebuildDeps {
  index: SearchIndex;
  /** The primary: DDL, the job table, the switch. */
  sql: SqlRunner;
  sources: RebuildSources;
  /** This service instance: a restarted node is another owner, so it waits for the dead one's lease. */
  owner: string;
  leaseMs: number;
  pageSize: number;
  warn(message: string): void;
}

class LostLease extends Error {}

/** Documents per upsertMany (one transaction each), and how many of those run side by side. */
const BATCH = 100;
const WRITERS = 4;

/** Runs blue/green rebuilds (search.rebuild.domain.ts describes the phases). */
export class Rebuilder {
  readonly jobs: RebuildJobs;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly d: RebuildDeps) {
    this.jobs = new RebuildJobs(d.sql);
  }

  /** Starts a rebuild unless one runs (then answers that one); it runs in the background. */
  async start(reason: string): Promise<{ job: RebuildJob; started: boolean }> {
    const now = Date.now();
    const answer = await this.jobs.start(
      { id: randomUUID(), gen: generationName(now, randomBytes(6).toString('hex')), reason },
      now,
    );
    void this.resume();
    return answer;
  }

  /** Takes over the running job when its holder is gone (or it is ours) and runs it to its end; one run per node. */
  resume(): Promise<void> {
    this.running ??= this.run()
      .catch((err: Error) => this.d.warn(`Search rebuild: ${err.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** The service stops: the job in hand stops at its next page and keeps its lease, for the next holder to take over. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async run(): Promise<void> {
    if (this.stopping) return;
    const job = await this.jobs.claim(this.d.owner, Date.now(), this.d.leaseMs);
    if (!job) return;
    try {
      await this.d.index.createGeneration(job.gen, { deferIndexes: true });
      if (job.phase === 'stock') await this.loadStock(job);
      if (job.phase === 'products') await this.loadProducts(job);
      let rest: { ids: string[]; skus: string[] } | undefined;
      if (job.phase === 'catch-up') rest = await this.catchUpAndSwitch(job);
      await this.afterSwitch(job, rest);
      await this.jobs.finish(job.id, this.d.owner, 'done', Date.now());
    } catch (err) {
      if (err instanceof LostLease) return;
      await this.jobs.finish(job.id, this.d.owner, 'failed', Date.now(), (err as Error).message);
      throw err;
    }
  }

  private async save(job: RebuildJob, session?: SqlSession): Promise<void> {
    if (this.stopping) throw new LostLease('the service is stopping');
    if (!(await this.jobs.progress(job, this.d.owner, Date.now() + this.d.leaseMs, session)))
      throw new LostLease(`rebuild ${job.id} is held by another node`);
  }

  /** Stock goes first: the new generation has no documents yet, and each product's upsert reads its stock. */
  private async loadStock(job: RebuildJob): Promise<void> {
    for (;;) {
      const page = await this.d.sources.stock({ ...(job.cursor ? { after: job.cursor } : {}), limit: this.d.pageSize });
      await this.d.index.applyStockMany(page.rows.map(stockChangedOf), { gen: job.gen });
      Object.assign(job, { stock: job.stock + page.rows.length, cursor: page.next, ...(page.next ? {} : { phase: 'products' }) });
      await this.save(job);
      if (!page.next) return;
    }
  }

  private async loadProducts(job: RebuildJob): Promise<void> {
    for (;;) {
      const page = await this.d.sources.products({ ...(job.cursor ? { after: job.cursor } : {}), limit: this.d.pageSize });
      await this.upsertAll(page.rows, job.gen);
      Object.assign(job, {
        products: job.products + page.rows.length,
        cursor: page.next,
        ...(page.next ? {} : { phase: 'catch-up' }),
      });
      await this.save(job);
      if (!page.next) return;
    }
  }

  private async upsertAll(products: SourceProduct[], gen: string): Promise<void> {
    const now = Date.now();
    const batches = Array.from({ length: Math.ceil(products.length / BATCH) }, (_, i) =>
      products.slice(i * BATCH, (i + 1) * BATCH),
    );
    let next = 0;
    const lane = async () => {
      while (next < batches.length)
        await this.d.index.upsertMany(
          batches[next++].map((p) => documentOf(p, now)),
          { gen },
        );
    };
    await Promise.all(Array.from({ length: Math.min(WRITERS, batches.length) }, lane));
  }

  /** Re-reads from the sources what the live generation took while the new one was filled. */
  private async replay(gen: string, rows: { ids: string[]; skus: string[] }): Promise<number> {
    const limit = 500;
    for (let i = 0; i < rows.skus.length; i += limit) {
      const page = await this.d.sources.stock({ skus: rows.skus.slice(i, i + limit) });
      await this.d.index.applyStockMany(page.rows.map(stockChangedOf), { gen });
    }
    for (let i = 0; i < rows.ids.length; i += limit)
      await this.upsertAll((await this.d.sources.products({ ids: rows.ids.slice(i, i + limit) })).rows, gen);
    return rows.ids.length + rows.skus.length;
  }

  private async catchUpAndSwitch(job: RebuildJob): Promise<{ ids: string[]; skus: string[] }> {
    const target = tablesOf(job.gen);
    await this.d.index.finishGeneration(job.gen);
    for (let pass = 1; ; pass++) {
      const replayed = await this.replay(job.gen, await newerIn(this.d.sql, LIVE, target));
      job.replayed += replayed;
      await this.save(job);
      if (switchNow(replayed, pass)) break;
    }
    // Holds projection writes (not queries) on the live views for the switch; writers waiting on them
    // resolve the views again once it commits, so they land in the new generation.
    return this.d.sql.transaction(async (tx) => {
      await tx.query(`LOCK TABLE ${LIVE.docs}, ${LIVE.stock} IN EXCLUSIVE MODE`);
      const { rows } = await tx.query(`SELECT value FROM search_meta WHERE key = 'live'`);
      const old = (rows[0]?.value as { gen?: string } | undefined)?.gen ?? null;
      const rest = await newerIn(tx, LIVE, target);
      await pointViews(tx, job.gen, SCHEMA_VERSION);
      Object.assign(job, { phase: 'switched', oldGen: old, cursor: null });
      await this.save(job, tx);
      return rest;
    });
  }

  /** The rest the old generation took before the switch goes into the new one; then the old tables go. */
  private async afterSwitch(job: RebuildJob, rest?: { ids: string[]; skus: string[] }): Promise<void> {
    const all = await this.d.index.generations();
    const oldThere = job.oldGen !== null && job.oldGen !== job.gen && all.includes(job.oldGen);
    const late = rest ?? (oldThere ? await newerIn(this.d.sql, tablesOf(job.oldGen!), tablesOf(job.gen)) : undefined);
    if (late) {
      job.replayed += await this.replay(job.gen, late);
      await this.save(job);
    }
    const live = (await this.d.index.live())?.gen ?? null;
    for (const gen of orphanGenerations(all, live, null)) await this.d.index.dropGeneration(gen);
  }
}
