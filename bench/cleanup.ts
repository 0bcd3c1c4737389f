import { Client } from 'pg';

const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Drops the databases of a bench node's store prefix. A node drops its own when it stops; this is
 * for a node that had to be killed, so a failed run leaves nothing on the server either.
 */
export async function dropDatabases(prefix: string): Promise<number> {
  if (!/^t[0-9a-f]{8}_$/.test(prefix)) throw new Error(`refusing to drop databases for an unexpected prefix ${prefix}`);
  const pg = new Client({ connectionString: PG_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
      prefix,
    ]);
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await pg.end();
  }
}
