// Scope, context and objectives (ISO/IEC 27001 4.1–4.3, 6.2): the one scope statement, internal and
// external issues (with optional links to risks), interested parties with their requirements, and
// measurable objectives with a history of measurements. Reference numbers come from a counter so a
// deleted record's reference is never given to another.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

const CONTEXT_CATEGORIES = `'regulatory', 'contractual', 'technological', 'threat', 'organisational', 'market', 'economic', 'social', 'environmental'`;
const PARTY_CATEGORIES = `'regulator', 'customer', 'card_scheme', 'supplier', 'partner', 'staff', 'owner', 'data_subject', 'auditor', 'public'`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scope_ref_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('scope_ref_counters').values([{ name: 'CTX', last: 0 }, { name: 'IP', last: 0 }, { name: 'OBJ', last: 0 }]).execute();

  // One row: the statement's lists are JSON arrays, replaced as a whole on every save.
  await db.schema
    .createTable('scope_statement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('org_units', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('locations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('systems', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('exclusions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('interfaces', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_reviewed', 'text')
    .addColumn('next_review', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('context_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('internal', 'external')`))
    .addColumn('category', 'text', (c) => c.notNull().check(sql.raw(`category in (${CONTEXT_CATEGORIES})`)))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('effect', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('context_issues_category').on('context_issues').column('category').execute();
  await db.schema.createIndex('context_issues_kind').on('context_issues').column('kind').execute();

  await db.schema
    .createTable('context_issue_risks')
    .addColumn('issue_id', 'text', (c) => c.notNull().references('context_issues.id').onDelete('cascade'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('context_issue_risks_pk', ['issue_id', 'risk_id'])
    .execute();
  await db.schema.createIndex('context_issue_risks_risk').on('context_issue_risks').column('risk_id').execute();

  await db.schema
    .createTable('interested_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // The name folded to lower case: two parties cannot share a name in any letter case.
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text', (c) => c.notNull().check(sql.raw(`category in (${PARTY_CATEGORIES})`)))
    .addColumn('description', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('interested_parties_category').on('interested_parties').column('category').execute();

  await db.schema
    .createTable('party_requirements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('party_id', 'text', (c) => c.notNull().references('interested_parties.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('how_addressed', 'text')
    .addColumn('through_isms', 'integer', (c) => c.notNull().check(sql`through_isms in (0, 1)`))
    .execute();
  await db.schema.createIndex('party_requirements_party').on('party_requirements').columns(['party_id', 'position']).execute();

  await db.schema
    .createTable('objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('higher', 'lower')`))
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    // The latest two measurements, kept with the objective so lists can compute status in SQL.
    .addColumn('current_value', 'double precision')
    .addColumn('current_measured_on', 'text')
    .addColumn('previous_value', 'double precision')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('objectives_owner').on('objectives').column('owner_id').execute();
  await db.schema.createIndex('objectives_due').on('objectives').column('due_date').execute();

  await db.schema
    .createTable('objective_measurements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('measured_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_id', 'text')
    .addColumn('recorded_by_label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('objective_measurements_objective').on('objective_measurements').columns(['objective_id', 'measured_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'objective_measurements',
    'objectives',
    'party_requirements',
    'interested_parties',
    'context_issue_risks',
    'context_issues',
    'scope_statement',
    'scope_ref_counters',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
