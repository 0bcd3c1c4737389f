import { MigrationExecutor, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { collectionsOf, sortedMigrations } from '../store.schema';
import type { StoreSchema } from '../store.types';
import { stepDdl } from './postgres.ddl';

/** TypeORM's bookkeeping table. Collection names start with a letter, so this one cannot clash. */
export const MIGRATIONS_TABLE = '_store_migrations';

// TypeORM orders migrations by a 13-digit "timestamp" ending the name; ours is the declaration index.
const ORDINAL_DIGITS = 13;
const LOCK_KEY = 'store-migrations';

export function typeormName(name: string, index: number): string {
  return `${name}_${String(index + 1).padStart(ORDINAL_DIGITS, '0')}`;
}

export function neutralName(typeormMigrationName: string): string {
  return typeormMigrationName.slice(0, -(ORDINAL_DIGITS + 1));
}

type MigrationClass = new () => MigrationInterface;

async function runAll(queryRunner: QueryRunner, statements: string[]): Promise<void> {
  for (const sql of statements) await queryRunner.query(sql);
}

/** Each neutral migration as a TypeORM migration class; `down` replays the derived undo steps newest first. */
export function typeormMigrations(schema: StoreSchema): MigrationClass[] {
  const defs = collectionsOf(schema);
  return sortedMigrations(schema).map((migration, index) => {
    const steps = migration.steps.map((step) => stepDdl(step, defs));
    const up = steps.flatMap((s) => s.up);
    const down = [...steps].reverse().flatMap((s) => s.down);
    const name = typeormName(migration.name, index);
    return class implements MigrationInterface {
      readonly name = name;
      up(queryRunner: QueryRunner): Promise<void> {
        return runAll(queryRunner, up);
      }
      down(queryRunner: QueryRunner): Promise<void> {
        return runAll(queryRunner, down);
      }
    };
  });
}

/**
 * Runs `work` in one transaction that first takes a transaction-scoped advisory lock: two processes
 * starting together migrate one after the other, the second finding nothing pending, and the lock
 * cannot outlive the transaction even if the connection dies. The executor shares the locked runner
 * (TypeORM's own DataSource.runMigrations would take a second connection, which PGlite's single
 * session cannot give while the first is held).
 */
async function underLock<T>(dataSource: DataSource, work: (executor: MigrationExecutor) => Promise<T>): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    try {
      await queryRunner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      const result = await work(executor);
      await queryRunner.commitTransaction();
      return result;
    } catch (err) {
      await queryRunner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await queryRunner.release();
  }
}

/** Applies pending migrations; returns the neutral names applied now. */
export async function migrateUp(dataSource: DataSource): Promise<string[]> {
  const applied = await underLock(dataSource, (executor) => executor.executePendingMigrations());
  return applied.map((m) => neutralName(m.name));
}

/** Reverts the newest `steps` migrations in one transaction; returns their names, newest first. */
export function migrateDown(dataSource: DataSource, steps: number): Promise<string[]> {
  return underLock(dataSource, async (executor) => {
    const reverted: string[] = [];
    for (let i = 0; i < steps; i++) {
      const [newest] = await executor.getExecutedMigrations();
      if (!newest) break;
      await executor.undoLastMigration();
      reverted.push(neutralName(newest.name));
    }
    return reverted;
  });
}

export async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const executed = await new MigrationExecutor(dataSource).getExecutedMigrations();
  return executed.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).map((m) => neutralName(m.name));
}
