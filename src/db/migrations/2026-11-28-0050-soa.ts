// Statement of Applicability: the working SoA's typed facts (applicability and justification per
// Annex A requirement) and prepared versions with their frozen rows and approval.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('soa_entries')
    .addColumn('requirement_id', 'text', (c) => c.primaryKey().references('requirements.id').onDelete('cascade'))
    .addColumn('applicable', 'integer', (c) => c.notNull().check(sql`applicable in (0, 1)`))
    .addColumn('justification', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('soa_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'approved', 'superseded')`))
    .addColumn('note', 'text')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('gap_count', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('framework_name', 'text')
    .addColumn('framework_version', 'text')
    .addColumn('prepared_at', 'text', (c) => c.notNull())
    .addColumn('prepared_by_label', 'text', (c) => c.notNull())
    .addColumn('prepared_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_by_title', 'text')
    .addColumn('approved_by_role', 'text')
    .addColumn('gaps_acknowledged', 'integer', (c) => c.notNull().defaultTo(0).check(sql`gaps_acknowledged in (0, 1)`))
    .addColumn('superseded_by', 'integer')
    // An approved version names its approver and date; a draft has neither.
    .addCheckConstraint('soa_versions_approval', sql`(status = 'approved') = (approved_at is not null and approved_by_name is not null)`)
    .execute();
  await db.schema.createIndex('soa_versions_status').on('soa_versions').column('status').execute();

  await db.schema
    .createTable('soa_version_rows')
    .addColumn('version_id', 'text', (c) => c.notNull().references('soa_versions.id').onDelete('cascade'))
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('requirement_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('applicable', 'integer', (c) => c.notNull().check(sql`applicable in (0, 1)`))
    .addColumn('justification', 'text')
    .addColumn(
      'status',
      'text',
      (c) => c.notNull().check(sql`status in ('implemented', 'partially_implemented', 'not_implemented', 'not_applicable')`),
    )
    .addColumn('implemented_by', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('soa_version_rows_pk', ['version_id', 'control_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['soa_version_rows', 'soa_versions', 'soa_entries']) await db.schema.dropTable(t).execute();
}
