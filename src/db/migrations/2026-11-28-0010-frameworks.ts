// Frameworks: group titles per catalogue, a contains-search key on requirements, and the date a
// requirement left its catalogue (kept because controls still link to it).
// Frozen: never edit after release; add a new migration instead.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('framework_groups')
    .addColumn('framework_id', 'text', (c) => c.notNull().references('frameworks.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('parent_ref', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('framework_groups_pk', ['framework_id', 'ref'])
    .execute();

  await db.schema.alterTable('requirements').addColumn('search_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('requirements').addColumn('withdrawn_at', 'text').execute();
  await db.schema.createIndex('requirements_framework_group').on('requirements').columns(['framework_id', 'group_ref', 'sort_order']).execute();
  await db.schema.createIndex('requirements_framework_kind').on('requirements').columns(['framework_id', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requirements_framework_kind').execute();
  await db.schema.dropIndex('requirements_framework_group').execute();
  await db.schema.alterTable('requirements').dropColumn('withdrawn_at').execute();
  await db.schema.alterTable('requirements').dropColumn('search_key').execute();
  await db.schema.dropTable('framework_groups').execute();
}
