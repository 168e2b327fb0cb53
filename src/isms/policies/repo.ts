// Policy and version queries. Only this file and campaign-repo.ts build SQL for the policy tables.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import type { PoliciesTable, PolicyLevel, PolicyRow, PolicyVersionsTable, VersionRow, VersionStatus } from './tables.js';

export interface PolicyWhere {
  q?: string | undefined;
  level?: PolicyLevel | undefined;
  status?: 'published' | 'unpublished' | 'draft' | 'approved' | undefined;
  ownerId?: string | undefined;
  review?: 'none' | 'scheduled' | 'due_soon' | 'overdue' | undefined;
  /** Today and the last day that still counts as due soon (YYYY-MM-DD), for the review filter. */
  today: string;
  dueSoonUntil: string;
  /** Readers who see published text only never see a policy that has none. */
  publishedOnly: boolean;
}

export interface PolicyOrder {
  sort: 'ref' | 'title' | 'level' | 'next_review' | 'updated_at';
  dir: 'asc' | 'desc';
}

export const policySearchKey = (ref: string, title: string): string => searchKeyOf(ref, title);

function filtered(db: DB, w: PolicyWhere) {
  let q = db.selectFrom('policies');
  if (w.q) q = q.where(containsText('search_key', w.q));
  if (w.level) q = q.where('level', '=', w.level);
  if (w.ownerId) q = q.where('owner_id', '=', w.ownerId);
  if (w.publishedOnly || w.status === 'published') q = q.where('published_number', 'is not', null);
  if (w.status === 'unpublished') q = q.where('published_number', 'is', null);
  if (w.status === 'draft' || w.status === 'approved') q = q.where('open_status', '=', w.status);
  if (w.review === 'none') q = q.where('next_review', 'is', null);
  if (w.review === 'overdue') q = q.where('next_review', '<', w.today);
  if (w.review === 'due_soon') q = q.where('next_review', '>=', w.today).where('next_review', '<=', w.dueSoonUntil);
  if (w.review === 'scheduled') q = q.where('next_review', '>', w.dueSoonUntil);
  return q;
}

const SORT_COLUMN = { ref: 'ref_number', title: 'title', level: 'level', next_review: 'next_review', updated_at: 'updated_at' } as const;

/** One page of policies matching `w`, ordered stably (the sort column, then the reference). */
export async function listPolicyRows(db: DB, w: PolicyWhere, order: PolicyOrder, page: { limit: number; offset: number } | null): Promise<{ rows: PolicyRow[]; total: number }> {
  let q = filtered(db, w)
    .selectAll()
    // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
    .orderBy(SORT_COLUMN[order.sort], (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (order.sort !== 'ref') q = q.orderBy('ref_number');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const findPolicy = (db: DB, id: string): Promise<PolicyRow | undefined> => db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();

export async function policiesByIds(db: DB, ids: string[]): Promise<PolicyRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('policies').selectAll().where('id', 'in', ids.slice(0, 1000)).orderBy('ref_number').execute();
}

/** The number the next reference takes: one past the highest ever used. */
export async function nextRefNumber(db: DB): Promise<number> {
  const { n } = await db
    .selectFrom('policies')
    .select((eb) => eb.fn.max<number | null>('ref_number').as('n'))
    .executeTakeFirstOrThrow();
  return Number(n ?? 0) + 1;
}

export async function insertPolicy(db: DB, row: Insertable<PoliciesTable>): Promise<PolicyRow> {
  await db.insertInto('policies').values(row).execute();
  return (await findPolicy(db, row.id))!;
}

export async function updatePolicy(db: DB, id: string, patch: Updateable<PoliciesTable>): Promise<PolicyRow> {
  await db.updateTable('policies').set(patch).where('id', '=', id).execute();
  return (await findPolicy(db, id))!;
}

/** Policy ids whose title is exactly `title` (the demo finds its policies again this way). */
export async function policyIdsByTitle(db: DB, title: string): Promise<string[]> {
  const rows = await db.selectFrom('policies').select('id').where('title', '=', title).orderBy('ref_number').execute();
  return rows.map((r) => r.id);
}

export const findVersion = (db: DB, policyId: string, number: number): Promise<VersionRow | undefined> =>
  db.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).where('number', '=', number).executeTakeFirst();

export const findVersionById = (db: DB, id: string): Promise<VersionRow | undefined> => db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst();

export type VersionSummaryRow = Omit<VersionRow, 'body' | 'body_html'>;

/** A policy's versions without their text, newest first. */
export const listVersions = (db: DB, policyId: string, statuses?: readonly VersionStatus[]): Promise<VersionSummaryRow[]> => {
  let q = db
    .selectFrom('policy_versions')
    .select([
      'id',
      'policy_id',
      'number',
      'status',
      'body_sha256',
      'change_summary',
      'created_at',
      'created_by_id',
      'created_by_name',
      'updated_at',
      'approved_at',
      'approved_by_id',
      'approved_by_name',
      'published_at',
      'published_by_id',
      'published_by_name',
      'superseded_at',
    ])
    .where('policy_id', '=', policyId);
  if (statuses) q = q.where('status', 'in', [...statuses]);
  return q.orderBy('number', 'desc').execute() as Promise<VersionSummaryRow[]>;
};

export async function insertVersion(db: DB, row: Insertable<PolicyVersionsTable>): Promise<VersionRow> {
  await db.insertInto('policy_versions').values(row).execute();
  return (await findVersionById(db, row.id))!;
}

export async function updateVersion(db: DB, id: string, patch: Updateable<PolicyVersionsTable>): Promise<VersionRow> {
  await db.updateTable('policy_versions').set(patch).where('id', '=', id).execute();
  return (await findVersionById(db, id))!;
}

/** True for a unique-constraint failure on either dialect (two writers taking the same number). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
