// Policies and procedures: documents with numbered versions, acknowledgement campaigns, the
// acknowledgements themselves and the reminders sent for them.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('ref_number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('principle', 'practice', 'instruction')`))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('review_interval_months', 'integer', (c) => c.notNull().check(sql`review_interval_months between 1 and 60`))
    .addColumn('last_reviewed', 'text')
    .addColumn('next_review', 'text')
    .addColumn('published_number', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('open_number', 'integer')
    .addColumn('open_status', 'text', (c) => c.check(sql`open_status in ('draft', 'approved')`))
    .addColumn('template', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('policies_level').on('policies').columns(['level', 'ref_number']).execute();
  await db.schema.createIndex('policies_owner').on('policies').column('owner_id').execute();
  await db.schema.createIndex('policies_next_review').on('policies').columns(['next_review', 'ref_number']).execute();
  await db.schema.createIndex('policies_title').on('policies').column('title').execute();
  await db.schema.createIndex('policies_updated').on('policies').column('updated_at').execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'approved', 'published', 'superseded')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('change_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('approved_by_id', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by_id', 'text')
    .addColumn('published_by_name', 'text')
    .addColumn('superseded_at', 'text')
    .addUniqueConstraint('policy_versions_number', ['policy_id', 'number'])
    .execute();

  await db.schema
    .createTable('policy_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('all', 'department', 'people')`))
    .addColumn('department', 'text')
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('policy_campaigns_policy').on('policy_campaigns').columns(['policy_id', 'created_at']).execute();

  await db.schema
    .createTable('policy_campaign_members')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('policy_campaigns.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addPrimaryKeyConstraint('policy_campaign_members_pk', ['campaign_id', 'person_id'])
    .execute();
  await db.schema.createIndex('policy_campaign_members_person').on('policy_campaign_members').column('person_id').execute();

  await db.schema
    .createTable('policy_acknowledgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_acknowledgements_once', ['version_id', 'person_id'])
    .execute();
  await db.schema.createIndex('policy_acknowledgements_person').on('policy_acknowledgements').column('person_id').execute();

  await db.schema
    .createTable('policy_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('policy_campaigns.id'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('sent_by_id', 'text')
    .addColumn('sent_by_name', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('sending', 'sent', 'partly_failed', 'failed', 'not_configured')`))
    .execute();
  await db.schema.createIndex('policy_reminders_campaign').on('policy_reminders').columns(['campaign_id', 'sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['policy_reminders', 'policy_acknowledgements', 'policy_campaign_members', 'policy_campaigns', 'policy_versions', 'policies']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
