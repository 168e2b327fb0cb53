// Controls: the review history of each control, and indexes for the list's filters and sorts.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('control_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id').onDelete('cascade'))
    // The calendar day of the review (YYYY-MM-DD), in the organisation's time zone.
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('note', 'text')
    // Who recorded it (the audit actor's label), and when.
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('control_reviews_control').on('control_reviews').columns(['control_id', 'reviewed_on']).execute();

  await db.schema.createIndex('controls_status').on('controls').column('status').execute();
  await db.schema.createIndex('controls_next_review').on('controls').column('next_review').execute();
  await db.schema.createIndex('controls_title').on('controls').column('title').execute();
  // The list's default order (CTL-999 before CTL-1000) walks this index instead of sorting every row.
  await db.schema
    .createIndex('controls_ref_order')
    .on('controls')
    .expression(sql`(length(ref)), ref`)
    .execute();
  // Covers the list's counts by level, status and review clock: read from the index alone.
  await db.schema.createIndex('controls_level_status_review').on('controls').columns(['level', 'status', 'next_review']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['controls_level_status_review', 'controls_ref_order', 'controls_title', 'controls_next_review', 'controls_status']) await db.schema.dropIndex(i).execute();
  await db.schema.dropTable('control_reviews').execute();
}
