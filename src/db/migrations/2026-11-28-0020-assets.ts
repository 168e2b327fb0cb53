// Assets: indexes for the inventory's filters and sorts (the tables live in the ISMS core migration).
// Frozen: never edit after release; add a new migration instead.
import type { Kysely } from 'kysely';

// kind + classification covers the list page's make-up bars (one grouped pass over the index).
const INDEXES = [
  ['assets_kind_classification', ['kind', 'classification']],
  ['assets_classification', ['classification']],
  ['assets_environment', ['environment']],
  ['assets_status', ['status']],
  ['assets_updated', ['updated_at']],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).on('assets').columns([...columns]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
