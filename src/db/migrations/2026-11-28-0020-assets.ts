// Assets: indexes for the inventory's filters and sorts (the tables live in the ISMS core migration).
// Frozen: never edit after release; add a new migration instead.
import type { Kysely } from 'kysely';

const INDEXES = [
  ['assets_classification', 'classification'],
  ['assets_environment', 'environment'],
  ['assets_status', 'status'],
  ['assets_updated', 'updated_at'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, column] of INDEXES) await db.schema.createIndex(name).on('assets').column(column).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
