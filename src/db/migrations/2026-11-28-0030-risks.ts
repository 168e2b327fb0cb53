// The risk register's own tables: the configurable matrix (with its default 5 × 5 and acceptance
// criteria), treatment tasks, reviews, acceptances and the daily trend; plus columns on `risks`.
// Frozen: never edit after release; add a new migration instead.
import { sql, type Kysely } from 'kysely';

/** The matrix a new installation starts with: 5 × 5, four bands, high risks acceptable for 90 days at most. */
const DEFAULT_MATRIX = {
  likelihood: [
    { en: 'Rare', fi: 'Harvinainen' },
    { en: 'Unlikely', fi: 'Epätodennäköinen' },
    { en: 'Possible', fi: 'Mahdollinen' },
    { en: 'Likely', fi: 'Todennäköinen' },
    { en: 'Almost certain', fi: 'Lähes varma' },
  ],
  impact: [
    { en: 'Negligible', fi: 'Merkityksetön' },
    { en: 'Minor', fi: 'Vähäinen' },
    { en: 'Moderate', fi: 'Keskisuuri' },
    { en: 'Major', fi: 'Merkittävä' },
    { en: 'Severe', fi: 'Vakava' },
  ],
  bands: [
    {
      key: 'low',
      label: { en: 'Low', fi: 'Matala' },
      min_score: 1,
      colour: 'green',
      acceptable: true,
      max_acceptance_days: 365,
      approver: { en: 'The risk owner', fi: 'Riskin omistaja' },
      review_interval_days: 365,
    },
    {
      key: 'medium',
      label: { en: 'Medium', fi: 'Kohtalainen' },
      min_score: 5,
      colour: 'yellow',
      acceptable: true,
      max_acceptance_days: 180,
      approver: { en: 'The risk owner, after the CISO has reviewed the treatment', fi: 'Riskin omistaja tietoturvajohtajan arvioitua käsittelyn' },
      review_interval_days: 180,
    },
    {
      key: 'high',
      label: { en: 'High', fi: 'Korkea' },
      min_score: 10,
      colour: 'orange',
      acceptable: true,
      max_acceptance_days: 90,
      approver: { en: 'The risk owner with the management team’s approval', fi: 'Riskin omistaja johtoryhmän hyväksynnällä' },
      review_interval_days: 90,
    },
    {
      key: 'critical',
      label: { en: 'Critical', fi: 'Kriittinen' },
      min_score: 17,
      colour: 'red',
      acceptable: false,
      max_acceptance_days: null,
      approver: null,
      review_interval_days: 30,
    },
  ],
};

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per statement.
  await db.schema.alterTable('risks').addColumn('ref_number', 'integer').execute();
  await db.schema.alterTable('risks').addColumn('treatment_notes', 'text').execute();
  await db.schema.alterTable('risks').addColumn('last_reviewed', 'text').execute();
  await db.schema.createIndex('risks_ref_number').on('risks').column('ref_number').execute();
  await db.schema.createIndex('risks_status').on('risks').column('status').execute();
  await db.schema.createIndex('risks_residual').on('risks').column('residual_score').execute();
  await db.schema.createIndex('risks_next_review').on('risks').column('next_review').execute();
  await db.schema.createIndex('risks_updated').on('risks').column('updated_at').execute();

  await db.schema
    .createTable('risk_matrix')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db
    .insertInto('risk_matrix')
    .values({ id: 'current', version: 1, config: JSON.stringify(DEFAULT_MATRIX), updated_at: '2026-11-28T00:00:00.000Z', updated_by: null })
    .execute();

  await db.schema
    .createTable('risk_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'cancelled')`))
    .addColumn('completed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_tasks_risk').on('risk_tasks').columns(['risk_id', 'due_date']).execute();
  await db.schema.createIndex('risk_tasks_due').on('risk_tasks').columns(['status', 'due_date']).execute();

  await db.schema
    .createTable('risk_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewer_label', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('inherent_score', 'integer', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('residual_score', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('next_review', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_reviews_risk').on('risk_reviews').columns(['risk_id', 'reviewed_on']).execute();

  await db.schema
    .createTable('risk_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('accepted_by_label', 'text', (c) => c.notNull())
    // 1 when the signed-in user is the owner; 0 when a risks.accept holder recorded it for them.
    .addColumn('as_owner', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('residual_likelihood', 'integer', (c) => c.notNull())
    .addColumn('residual_impact', 'integer', (c) => c.notNull())
    .addColumn('residual_score', 'integer', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('matrix_version', 'integer', (c) => c.notNull())
    // When the owner decided (a date, possibly before it was recorded) and when it was recorded.
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_reason', 'text')
    .execute();
  await db.schema.createIndex('risk_acceptances_risk').on('risk_acceptances').columns(['risk_id', 'accepted_at']).execute();

  await db.schema
    .createTable('risk_trend')
    .addColumn('day', 'text', (c) => c.primaryKey())
    // JSON: { "<current score>": count } over risks not closed, so bands re-apply after a matrix change.
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('treating', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('expired', 'integer', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['risk_trend', 'risk_acceptances', 'risk_reviews', 'risk_tasks', 'risk_matrix']) await db.schema.dropTable(t).execute();
  for (const i of ['risks_ref_number', 'risks_status', 'risks_residual', 'risks_next_review', 'risks_updated']) await db.schema.dropIndex(i).execute();
  for (const c of ['last_reviewed', 'treatment_notes', 'ref_number']) await db.schema.alterTable('risks').dropColumn(c).execute();
}
