import { randomBytes } from 'node:crypto';
import type { ServiceBroker } from 'moleculer';
import { Client } from 'pg';
import { loadConfig } from '../../config/config';
import { client, type Call } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';
import { seedWidgets, until, type SearchAnswer } from './rebuild.fixtures';

const PG = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('SEARCH_READ_URL', () => {
  it('is a postgres:// URL or the node refuses to start, naming the variable', () => {
    expect(() => loadConfig({ SEARCH_READ_URL: 'mysql://replica/search' })).toThrow(
      /SEARCH_READ_URL must be a URL starting with postgres:\/\//,
    );
    expect(() => loadConfig({ SEARCH_READ_URL: 'not a url' })).toThrow(/SEARCH_READ_URL/);
    expect(loadConfig({ SEARCH_READ_URL: 'postgres://replica:5432/shop_search' }).search.readUrl).toBe(
      'postgres://replica:5432/shop_search',
    );
  });
});

/**
 * Queries through a read-only connection while the projection writes through the primary. No
 * standby runs here: the "replica" is the same server reached as a role whose every transaction is
 * read-only (as on a hot standby), so a write sent there would fail, and its sessions show in
 * pg_stat_activity under their own application name.
 */
describe('search queries on a read replica connection (same server, read-only role)', () => {
  const role = `search_reader_${randomBytes(3).toString('hex')}`;
  let admin: Client;
  let platform: Platform;
  let call: Call;
  let cast: Cast;

  beforeAll(async () => {
    admin = new Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN IN ROLE pg_read_all_data`);
    await admin.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    const replica = new URL(PG);
    replica.username = role;
    replica.pathname = '/'; // no database named: the search store's own
    platform = await startPlatform(['api', 'auth', 'products', 'inventory', 'search'], {
      ADMIN_PASSWORD,
      SEARCH_READ_URL: replica.toString(),
    });
    call = client(platform.api);
    cast = await castOf(platform.api);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await admin.end();
  });

  it('answers searches from the read-only connection, and the projection keeps writing to the primary', async () => {
    const ids = await seedWidgets(call, platform.broker as ServiceBroker, cast.admin.token, 6, 'r');
    const found = await until(
      async () => (await call<SearchAnswer>('GET', '/search?q=widget&pageSize=50')).body,
      (a) => a.total === 6,
      'the projection (primary) to index what the replica connection then finds',
    );
    expect(found.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const sessions = await admin.query<{ application_name: string; query: string }>(
      `SELECT application_name, query FROM pg_stat_activity WHERE usename = $1`,
      [role],
    );
    expect(sessions.rows.map((s) => s.application_name)).toContain('store:search-read');
    expect(sessions.rows.some((s) => /search_docs/.test(s.query) && /^\s*(WITH|SELECT)/i.test(s.query))).toBe(true);
    // A write on that connection is refused, as on a standby: the projection could not have used it.
    const replica = new Client({ connectionString: new URL(PG).toString().replace('postgres@', `${role}@`) });
    await replica.connect();
    await expect(replica.query(`CREATE TABLE replica_write_probe (id int)`)).rejects.toThrow(/read-only transaction/);
    await replica.end();
  });
});
