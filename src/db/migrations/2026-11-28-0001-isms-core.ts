// The ISMS core that several areas share: framework catalogues and their requirements, assets and
// their dependencies, risks, controls, and the links between them. Area-specific tables (risk tasks,
// SoA versions, policies …) come in each area's own migration after this one.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('description', 'text')
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('bundled', 'oscal')`))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('requirements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('framework_id', 'text', (c) => c.notNull().references('frameworks.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('group_ref', 'text')
    .addColumn('parent_ref', 'text')
    .addColumn('paraphrase', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('licensed_text', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('requirements_framework_ref', ['framework_id', 'ref'])
    .execute();
  await db.schema.createIndex('requirements_framework_order').on('requirements').columns(['framework_id', 'sort_order']).execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('information', 'system', 'service', 'device', 'data_store')`))
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('classification', 'text', (c) => c.notNull().check(sql`classification in ('public', 'internal', 'confidential', 'secret')`))
    .addColumn('confidentiality', 'integer', (c) => c.notNull().check(sql`confidentiality between 1 and 4`))
    .addColumn('integrity', 'integer', (c) => c.notNull().check(sql`integrity between 1 and 4`))
    .addColumn('availability', 'integer', (c) => c.notNull().check(sql`availability between 1 and 4`))
    .addColumn('environment', 'text', (c) => c.check(sql`environment in ('development', 'test', 'production')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'retired')`))
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_owner').on('assets').column('owner_id').execute();
  await db.schema.createIndex('assets_kind').on('assets').column('kind').execute();

  await db.schema
    .createTable('asset_dependencies')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('depends_on_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('asset_dependencies_pk', ['asset_id', 'depends_on_id'])
    .addCheckConstraint('asset_dependencies_not_self', sql`asset_id <> depends_on_id`)
    .execute();
  await db.schema.createIndex('asset_dependencies_target').on('asset_dependencies').column('depends_on_id').execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('threat', 'text')
    .addColumn('vulnerability', 'text')
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('inherent_score', 'integer', (c) => c.notNull())
    .addColumn('treatment', 'text', (c) => c.check(sql`treatment in ('modify', 'retain', 'avoid', 'share')`))
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('residual_score', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'treating', 'accepted', 'closed')`))
    .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('accepted_at', 'text')
    .addColumn('acceptance_expires', 'text')
    .addColumn('next_review', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risks_owner').on('risks').column('owner_id').execute();
  await db.schema.createIndex('risks_inherent').on('risks').column('inherent_score').execute();

  await db.schema
    .createTable('risk_assets')
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('risk_assets_pk', ['risk_id', 'asset_id'])
    .execute();
  await db.schema.createIndex('risk_assets_asset').on('risk_assets').column('asset_id').execute();

  await db.schema
    .createTable('controls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('principle', 'practice', 'instruction', 'technical')`))
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn(
      'status',
      'text',
      (c) => c.notNull().check(sql`status in ('not_started', 'planned', 'in_progress', 'implemented', 'not_applicable')`),
    )
    .addColumn('review_interval_days', 'integer', (c) => c.notNull())
    .addColumn('last_reviewed', 'text')
    .addColumn('next_review', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('controls_owner').on('controls').column('owner_id').execute();
  await db.schema.createIndex('controls_level').on('controls').column('level').execute();

  for (const [table, column, target] of [
    ['control_requirements', 'requirement_id', 'requirements'],
    ['control_risks', 'risk_id', 'risks'],
    ['control_assets', 'asset_id', 'assets'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull().references(`${target}.id`).onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, ['control_id', column])
      .execute();
    await db.schema.createIndex(`${table}_target`).on(table).column(column).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['control_assets', 'control_risks', 'control_requirements', 'controls', 'risk_assets', 'risks', 'asset_dependencies', 'assets', 'requirements', 'frameworks']) {
    await db.schema.dropTable(t).execute();
  }
}
