// Crypto policies: bundled baselines loaded from content/crypto-policies and the organisation's
// copies of them, with every revision kept.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('crypto_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('baseline', 'organisation')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('scope', 'text')
    .addColumn('provenance', 'text')
    .addColumn('version', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('baseline_id', 'text', (c) => c.references('crypto_policies.id'))
    .addColumn('copied_from_id', 'text', (c) => c.references('crypto_policies.id'))
    .addColumn('baseline_revision', 'integer')
    .addColumn('sources_json', 'text', (c) => c.notNull())
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('rule_count', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crypto_policies_kind_name').on('crypto_policies').columns(['kind', 'name']).execute();
  await db.schema.createIndex('crypto_policies_name').on('crypto_policies').column('name').execute();
  await db.schema.createIndex('crypto_policies_baseline').on('crypto_policies').column('baseline_id').execute();

  await db.schema
    .createTable('crypto_policy_versions')
    .addColumn('policy_id', 'text', (c) => c.notNull().references('crypto_policies.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('scope', 'text')
    .addColumn('version', 'text')
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crypto_policy_versions_pk', ['policy_id', 'revision'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('crypto_policy_versions').execute();
  await db.schema.dropTable('crypto_policies').execute();
}
