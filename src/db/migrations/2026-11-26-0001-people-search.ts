// People: a lower-cased search key (name and email), so "contains" search behaves the same on
// SQLite, whose lower() and LIKE fold only ASCII, and on PostgreSQL ("Östman" found by "öst").
// Frozen: never edit after release; add a new migration instead.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('search_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  // Fold existing rows in JavaScript, the same way the application does on every write.
  const rows: { id: string; name: string; email: string }[] = await db.selectFrom('people').select(['id', 'name', 'email']).execute();
  for (const r of rows) {
    const key = `${r.name} ${r.email}`.normalize('NFC').toLowerCase();
    await db.updateTable('people').set({ search_key: key }).where('id', '=', r.id).execute();
  }
  await db.schema.createIndex('people_status').on('people').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_status').execute();
  await db.schema.alterTable('people').dropColumn('search_key').execute();
}
