import { randomUUID } from 'node:crypto';
import { Errors, type Context, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { notFound } from '../../mixins/access/access.middleware';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { sqlRunnerOf, type SqlRunner } from '../../mixins/store/postgres/postgres.store';
import { idParam } from '../../mixins/validation/params';
import type { StoresMethods } from '../../mixins/stores.mixin';
import type { SearchThis, SearchVars } from './search.actions';
import { SEARCH_ADMIN_RESPONSES } from './search.admin.responses';
import { SCHEMA_VERSION } from './search.index';
import { SEARCH_SESSION } from './search.index.ddl';
import { Rebuilder, type RebuildSources } from './search.rebuild';
import { startReason, type RebuildJob } from './search.rebuild.domain';
import { repair, type RepairReport } from './search.repair';
import { replicaRunner } from './search.replica';

interface RebuildVars {
  rebuilder?: Rebuilder;
  rebuildTimer?: NodeJS.Timeout;
  rebuildTick?: Promise<void>;
  /** Set in `created` when SEARCH_READ_URL is configured; the index reads through it. */
  searchRead?: { sql: SqlRunner; close(): Promise<void> };
}
type This = SearchThis & RebuildVars;

const ADMIN = { roles: ['admin' as const] };
const admin = (method: 'GET' | 'POST', path: string) => ({ method, path, basePath: '/admin' });

/** The sources' own exports, called as the platform. */
export function sourcesOf(svc: This): RebuildSources {
  const call = <T>(action: string, params: object) =>
    svc.broker.call<T, object>(action, params, { meta: { user: SYSTEM_PRINCIPAL }, timeout: 60_000 });
  return { products: (p) => call('products.export', p), stock: (p) => call('inventory.export', p) };
}

function rebuilderOf(svc: This): Rebuilder {
  const { rebuildLeaseMs, rebuildPage } = config().search;
  svc.rebuilder ??= new Rebuilder({
    index: svc.index,
    sql: sqlRunnerOf(svc.store('search'), SEARCH_SESSION),
    sources: sourcesOf(svc),
    owner: `${svc.broker.nodeID}:${randomUUID()}`,
    leaseMs: rebuildLeaseMs,
    pageSize: rebuildPage,
    warn: (m) => svc.logger.warn(m),
  });
  return svc.rebuilder;
}

/**
 * 'empty index' when the live generation holds no product while the catalog has one: the service joined
 * a deployment that already had a catalog (its events are past the bus's retention) or lost its tables,
 * and events alone would never fill it. Null otherwise (a fresh install: both empty); undefined while
 * the catalog cannot answer yet (the next look asks again).
 */
async function emptyIndexReason(svc: This): Promise<string | null | undefined> {
  const { rows } = await sqlRunnerOf(svc.store('search'), SEARCH_SESSION).query(
    'SELECT EXISTS (SELECT 1 FROM search_docs) AS indexed',
  );
  if (rows[0].indexed) return null;
  const page = await sourcesOf(svc)
    .products({ limit: 1 })
    .catch((err: Error) => {
      if (err instanceof Errors.ServiceNotFoundError || err instanceof Errors.ServiceNotAvailableError) return undefined;
      throw err;
    });
  return page && (page.rows.length ? 'empty index' : null);
}

/**
 * One look: the job table exists; at the first look, a live generation built by another schema
 * version, or an empty one beside a catalog, starts a rebuild (one per deployment: jobs.start answers
 * the running one); a running job whose holder's lease lapsed (a node killed mid-rebuild) is taken
 * over where it stopped.
 */
async function look(svc: This, first: boolean): Promise<boolean> {
  if (!svc.indexReady) return false; // the index's own tables come first (search.service.ts started)
  await svc.indexReady;
  const rebuilder = rebuilderOf(svc);
  if (first) {
    await rebuilder.jobs.ensure();
    const reason = startReason(await svc.index.live(), SCHEMA_VERSION) ?? (await emptyIndexReason(svc));
    if (reason === undefined) {
      void rebuilder.resume();
      return false;
    }
    if (reason) await rebuilder.start(reason);
  }
  void rebuilder.resume();
  return true;
}

/** The replica connection queries use (SEARCH_READ_URL), set up by this mixin's `created`; undefined: the primary. */
export const readRunnerOf = (svc: object): SqlRunner | undefined => (svc as RebuildVars).searchRead?.sql;

/** Blue/green rebuilds, their admin routes and the repair; mixed into the search service. */
const schema: ServiceSchema<ServiceSettingSchema, StoresMethods, SearchVars & RebuildVars> = {
  name: '',
  actions: {
    reindex: {
      rest: admin('POST', '/search/reindex'),
      response: SEARCH_ADMIN_RESPONSES.reindex,
      access: ADMIN,
      idempotent: false,
      // No body: anything sent is refused, naming the field, rather than silently ignored.
      params: { $$strict: true },
      async handler(this: This, ctx: Context<unknown, { $statusCode?: number }>) {
        await this.indexReady;
        const rebuilder = rebuilderOf(this);
        await rebuilder.jobs.ensure();
        ctx.meta.$statusCode = 202;
        return rebuilder.start('admin');
      },
    },
    reindexStatus: {
      rest: admin('GET', '/search/reindex/:id'),
      response: SEARCH_ADMIN_RESPONSES.reindexStatus,
      access: ADMIN,
      idempotent: true,
      params: { id: idParam, $$strict: true },
      async handler(this: This, ctx: Context<{ id: string }>): Promise<RebuildJob> {
        await this.indexReady;
        const rebuilder = rebuilderOf(this);
        await rebuilder.jobs.ensure();
        const job = await rebuilder.jobs.get(ctx.params.id);
        if (!job) throw notFound('Rebuild');
        return job;
      },
    },
    repair: {
      rest: admin('POST', '/search/repair'),
      response: SEARCH_ADMIN_RESPONSES.repair,
      access: ADMIN,
      // Repeating it finds no drift the first one fixed: safe to retry, but a write, so not retried blindly.
      idempotent: false,
      params: { $$strict: true },
      async handler(this: This): Promise<RepairReport> {
        await this.indexReady;
        return repair(this.index, sqlRunnerOf(this.store('search')), sourcesOf(this));
      },
    },
  },
  created(this: This) {
    const { search, postgres, storePrefix } = config();
    if (search.readUrl) this.searchRead = replicaRunner(search.readUrl, storePrefix, postgres.poolSize);
  },
  started(this: This) {
    let first = true;
    const tick = () => {
      this.rebuildTick ??= look(this, first)
        .then((looked) => void (first &&= !looked))
        .catch((err: Error) => this.logger.warn(`Search rebuild look: ${err.message}`))
        .finally(() => (this.rebuildTick = undefined));
    };
    // Every second (or half a lease when shorter): a look is one conditional update that finds nothing to take.
    this.rebuildTimer = setInterval(tick, Math.min(1_000, Math.floor(config().search.rebuildLeaseMs / 2))).unref();
    setImmediate(tick);
  },
  async stopped(this: This) {
    clearInterval(this.rebuildTimer);
    await this.rebuildTick;
    await this.rebuilder?.stop();
    await this.searchRead?.close();
  },
};
export const SearchRebuildMixin = schema as unknown as Partial<ServiceSchema>;
