// Versioned migrations, gathered from one static list so the bundle needs no file-system scan.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './index.js';
import { migrations } from './migrations/index.js';

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface MigrateResult {
  applied: string[];
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: DB): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), migrationTableName: 'kilpi_migrations', migrationLockTableName: 'kilpi_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${reason}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
