// Risk register queries. Only this file builds SQL for `risks`, `risk_assets` and the area's tables.
import { sql, type Expression, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import type { RiskRow, RisksTable } from '../tables.js';
import type { RiskAcceptanceRow, RiskAcceptancesTable, RiskReviewRow, RiskReviewsTable, RiskTaskRow, RiskTasksTable, RiskTrendRow, RiskTrendTable } from './tables.js';

export type { RiskRow };

const chunks = <T>(xs: T[], n = 500): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export async function riskRefsByIds(db: DB, ids: string[]): Promise<{ id: string; ref: string; title: string; status: string }[]> {
  const out: { id: string; ref: string; title: string; status: string }[] = [];
  for (const part of chunks(ids)) out.push(...(await db.selectFrom('risks').select(['id', 'ref', 'title', 'status']).where('id', 'in', part).execute()));
  return out;
}

/** Risks linked to any of `assetIds`, each with the asset it is linked to. */
export async function risksOfAssets(db: DB, assetIds: string[]): Promise<{ id: string; ref: string; title: string; status: string; asset_id: string }[]> {
  const out: { id: string; ref: string; title: string; status: string; asset_id: string }[] = [];
  for (const part of chunks(assetIds)) {
    out.push(
      ...(await db
        .selectFrom('risk_assets as ra')
        .innerJoin('risks as r', 'r.id', 'ra.risk_id')
        .select(['r.id', 'r.ref', 'r.title', 'r.status', 'ra.asset_id'])
        .where('ra.asset_id', 'in', part)
        .orderBy('r.ref')
        .execute()),
    );
  }
  return out;
}

export async function riskRefsByRefs(db: DB, refs: string[]): Promise<{ id: string; ref: string; title: string; status: string }[]> {
  const out: { id: string; ref: string; title: string; status: string }[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    out.push(...(await db.selectFrom('risks').select(['id', 'ref', 'title', 'status']).where('ref', 'in', refs.slice(i, i + 500)).execute()));
  }
  return out;
}

// ---------- The matrix ----------

export const matrixRow = (db: DB) => db.selectFrom('risk_matrix').selectAll().where('id', '=', 'current').executeTakeFirstOrThrow();

export async function writeMatrix(db: DB, version: number, config: string, now: string, by: string): Promise<void> {
  await db.updateTable('risk_matrix').set({ version, config, updated_at: now, updated_by: by }).where('id', '=', 'current').execute();
}

/** Risks whose inherent or residual levels lie beyond `likelihoodLevels` × `impactLevels`. */
export const risksBeyond = (db: DB, likelihoodLevels: number, impactLevels: number) =>
  db
    .selectFrom('risks')
    .select(['id', 'ref', 'likelihood', 'impact', 'residual_likelihood', 'residual_impact'])
    .where((eb) =>
      eb.or([eb('likelihood', '>', likelihoodLevels), eb('impact', '>', impactLevels), eb('residual_likelihood', '>', likelihoodLevels), eb('residual_impact', '>', impactLevels)]),
    )
    .orderBy('ref_number')
    .orderBy('ref')
    .execute();

// ---------- Risks ----------

export const searchKey = (r: { ref: string; title: string; threat: string | null; vulnerability: string | null }) => searchKeyOf(r.ref, r.title, r.threat, r.vulnerability);

/** The next free number for `R-nnn`. */
export async function nextRefNumber(db: DB): Promise<number> {
  const r = await db.selectFrom('risks').select((eb) => eb.fn.max('ref_number').as('n')).executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

export const findRisk = (db: DB, id: string): Promise<RiskRow | undefined> => db.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertRisk(db: DB, row: Omit<Insertable<RisksTable>, 'search_key'>): Promise<void> {
  await db
    .insertInto('risks')
    .values({ ...row, search_key: searchKey({ ref: row.ref, title: row.title, threat: row.threat ?? null, vulnerability: row.vulnerability ?? null }) })
    .execute();
}

export async function updateRisk(db: DB, id: string, patch: Omit<Updateable<RisksTable>, 'search_key'> & { ref: string; title: string; threat: string | null; vulnerability: string | null }): Promise<void> {
  const { ref: _ref, ...rest } = patch;
  await db
    .updateTable('risks')
    .set({ ...rest, search_key: searchKey(patch) })
    .where('id', '=', id)
    .execute();
}

export async function setRiskAssets(db: DB, riskId: string, assetIds: string[]): Promise<void> {
  await db.deleteFrom('risk_assets').where('risk_id', '=', riskId).execute();
  for (const part of chunks(assetIds)) await db.insertInto('risk_assets').values(part.map((asset_id) => ({ risk_id: riskId, asset_id }))).execute();
}

/** For each risk id, its linked asset ids. */
export async function assetIdsOf(db: DB, riskIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(riskIds.map((id) => [id, []]));
  for (const part of chunks(riskIds)) {
    for (const r of await db.selectFrom('risk_assets').select(['risk_id', 'asset_id']).where('risk_id', 'in', part).execute()) out.get(r.risk_id)?.push(r.asset_id);
  }
  return out;
}

export interface RiskWhere {
  q?: string | undefined;
  /** Inclusive score range of a band. */
  scoreRange?: [number, number] | undefined;
  basis: 'inherent' | 'residual';
  likelihood?: number | undefined;
  impact?: number | undefined;
  status?: 'open' | 'treating' | 'accepted' | 'expired' | 'closed' | 'active' | undefined;
  ownerId?: string | undefined;
  treatment?: string | undefined;
  assetId?: string | undefined;
  /** Today, for telling lapsed acceptances from those in force. */
  today: string;
}

export interface RiskOrder {
  sort: 'ref' | 'title' | 'inherent' | 'residual' | 'status' | 'next_review' | 'updated';
  dir: 'asc' | 'desc';
}

const currentScore = sql<number>`coalesce(r.residual_score, r.inherent_score)`;

function filtered(db: DB, w: RiskWhere) {
  let q = db.selectFrom('risks as r');
  if (w.q) q = q.where(containsText('r.search_key', w.q));
  if (w.scoreRange) {
    const [lo, hi] = w.scoreRange;
    q = w.basis === 'inherent' ? q.where('r.inherent_score', '>=', lo).where('r.inherent_score', '<=', hi) : q.where(sql<SqlBool>`${currentScore} between ${lo} and ${hi}`);
  }
  if (w.likelihood !== undefined) q = q.where(w.basis === 'inherent' ? 'r.likelihood' : 'r.residual_likelihood', '=', w.likelihood);
  if (w.impact !== undefined) q = q.where(w.basis === 'inherent' ? 'r.impact' : 'r.residual_impact', '=', w.impact);
  if (w.status === 'active') q = q.where('r.status', '!=', 'closed');
  else if (w.status === 'accepted') q = q.where('r.status', '=', 'accepted').where('r.acceptance_expires', '>=', w.today);
  else if (w.status === 'expired') q = q.where('r.status', '=', 'accepted').where('r.acceptance_expires', '<', w.today);
  else if (w.status) q = q.where('r.status', '=', w.status);
  if (w.ownerId) q = q.where('r.owner_id', '=', w.ownerId);
  if (w.treatment === 'none') q = q.where('r.treatment', 'is', null);
  else if (w.treatment) q = q.where('r.treatment', '=', w.treatment as RiskRow['treatment'] & string);
  if (w.assetId) {
    const assetId = w.assetId;
    q = q.where((eb) => eb.exists(eb.selectFrom('risk_assets as ra').select('ra.risk_id').whereRef('ra.risk_id', '=', 'r.id').where('ra.asset_id', '=', assetId)));
  }
  return q;
}

const SORT_COLUMN = {
  ref: 'r.ref_number',
  title: 'r.title',
  inherent: 'r.inherent_score',
  residual: 'r.residual_score',
  status: 'r.status',
  next_review: 'r.next_review',
  updated: 'r.updated_at',
} as const;

/** The ids of the risks matching `w`, ordered stably (the sort column, then ref, then id). */
function idsInOrder(db: DB, w: RiskWhere, order: RiskOrder) {
  // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
  let q = filtered(db, w)
    .select('r.id')
    .orderBy(SORT_COLUMN[order.sort], (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (order.sort !== 'ref') q = q.orderBy('r.ref_number', (ob) => ob.asc().nullsLast());
  return q.orderBy('r.ref').orderBy('r.id');
}

/**
 * One page of risks matching `w` (every one when `page` is null), in order. The ids are sorted
 * first and the rows fetched after, so the sort never carries whole rows.
 */
export async function listRiskRows(db: DB, w: RiskWhere, order: RiskOrder, page: { limit: number; offset: number } | null): Promise<{ rows: RiskRow[]; total: number }> {
  const q = idsInOrder(db, w, order);
  const ids = (await (page ? q.limit(page.limit).offset(page.offset) : q).execute()).map((r) => r.id);
  const byId = new Map<string, RiskRow>();
  for (const part of chunks(ids)) for (const r of await db.selectFrom('risks').selectAll().where('id', 'in', part).execute()) byId.set(r.id, r);
  const rows = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Task counts per risk: all, not finished, due soon (by `soon`) and overdue (before `today`). */
export async function planCounts(db: DB, riskIds: string[], today: string, soon: string): Promise<Map<string, { tasks: number; open: number; due_soon: number; overdue: number }>> {
  const out = new Map<string, { tasks: number; open: number; due_soon: number; overdue: number }>();
  const live = (cond: Expression<SqlBool>) => sql<number>`sum(case when status in ('open', 'in_progress') and ${cond} then 1 else 0 end)`;
  for (const part of chunks(riskIds)) {
    const rows = await db
      .selectFrom('risk_tasks')
      .select((eb) => [
        'risk_id',
        eb.fn.countAll<number>().as('tasks'),
        live(sql<SqlBool>`1 = 1`).as('open'),
        live(sql<SqlBool>`due_date >= ${today} and due_date <= ${soon}`).as('due_soon'),
        live(sql<SqlBool>`due_date < ${today}`).as('overdue'),
      ])
      .where('risk_id', 'in', part)
      .groupBy('risk_id')
      .execute();
    for (const r of rows) out.set(r.risk_id, { tasks: Number(r.tasks), open: Number(r.open), due_soon: Number(r.due_soon), overdue: Number(r.overdue) });
  }
  return out;
}

// ---------- Tasks ----------

export const tasksOf = (db: DB, riskId: string): Promise<RiskTaskRow[]> =>
  db.selectFrom('risk_tasks').selectAll().where('risk_id', '=', riskId).orderBy('due_date').orderBy('created_at').orderBy('id').execute();

export const findTask = (db: DB, riskId: string, id: string): Promise<RiskTaskRow | undefined> =>
  db.selectFrom('risk_tasks').selectAll().where('risk_id', '=', riskId).where('id', '=', id).executeTakeFirst();

export async function insertTask(db: DB, row: Insertable<RiskTasksTable>): Promise<void> {
  await db.insertInto('risk_tasks').values(row).execute();
}

export async function updateTask(db: DB, id: string, patch: Updateable<RiskTasksTable>): Promise<void> {
  await db.updateTable('risk_tasks').set(patch).where('id', '=', id).execute();
}

/** Unfinished tasks of open risks that are overdue or due by `until`, soonest first; for the overview. */
export const tasksDueBy = (db: DB, until: string, limit: number) =>
  db
    .selectFrom('risk_tasks as t')
    .innerJoin('risks as r', 'r.id', 't.risk_id')
    .select(['t.id', 't.title', 't.due_date', 't.status', 't.owner_id', 'r.id as risk_id', 'r.ref as risk_ref', 'r.title as risk_title'])
    .where('t.status', 'in', ['open', 'in_progress'])
    .where('r.status', '!=', 'closed')
    .where('t.due_date', '<=', until)
    .orderBy('t.due_date')
    .orderBy('t.id')
    .limit(limit)
    .execute();

// ---------- Reviews and acceptances ----------

export const reviewsOf = (db: DB, riskId: string): Promise<RiskReviewRow[]> =>
  db.selectFrom('risk_reviews').selectAll().where('risk_id', '=', riskId).orderBy('reviewed_on', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();

export async function insertReview(db: DB, row: Insertable<RiskReviewsTable>): Promise<void> {
  await db.insertInto('risk_reviews').values(row).execute();
}

export const acceptancesOf = (db: DB, riskId: string): Promise<RiskAcceptanceRow[]> =>
  db.selectFrom('risk_acceptances').selectAll().where('risk_id', '=', riskId).orderBy('accepted_at', 'desc').orderBy('id', 'desc').execute();

export const acceptanceInForce = (db: DB, riskId: string): Promise<RiskAcceptanceRow | undefined> =>
  db.selectFrom('risk_acceptances').selectAll().where('risk_id', '=', riskId).where('ended_at', 'is', null).orderBy('accepted_at', 'desc').executeTakeFirst();

export async function insertAcceptance(db: DB, row: Insertable<RiskAcceptancesTable>): Promise<void> {
  await db.insertInto('risk_acceptances').values(row).execute();
}

export async function endAcceptances(db: DB, riskId: string, now: string, reason: string): Promise<void> {
  await db.updateTable('risk_acceptances').set({ ended_at: now, ended_reason: reason }).where('risk_id', '=', riskId).where('ended_at', 'is', null).execute();
}

/** Accepted risks whose acceptance ends by `until` (lapsed ones included), soonest first. */
export const acceptancesEndingBy = (db: DB, until: string, limit: number) =>
  db
    .selectFrom('risks')
    .select(['id', 'ref', 'title', 'owner_id', 'acceptance_expires'])
    .where('status', '=', 'accepted')
    .where('acceptance_expires', '<=', until)
    .orderBy('acceptance_expires')
    .orderBy('ref_number')
    .limit(limit)
    .execute();

// ---------- Heatmap and trend ----------

/** Risks not closed per (likelihood, impact) cell, inherent or (assessed) residual. */
export async function cellCounts(db: DB, basis: 'inherent' | 'residual'): Promise<{ likelihood: number; impact: number; n: number }[]> {
  const rows =
    basis === 'inherent'
      ? await db
          .selectFrom('risks')
          .select(['likelihood', 'impact', (eb) => eb.fn.countAll<number>().as('n')])
          .where('status', '!=', 'closed')
          .groupBy(['likelihood', 'impact'])
          .execute()
      : await db
          .selectFrom('risks')
          .select(['residual_likelihood as likelihood', 'residual_impact as impact', (eb) => eb.fn.countAll<number>().as('n')])
          .where('status', '!=', 'closed')
          .where('residual_likelihood', 'is not', null)
          .where('residual_impact', 'is not', null)
          .groupBy(['residual_likelihood', 'residual_impact'])
          .execute();
  return rows.map((r) => ({ likelihood: Number(r.likelihood), impact: Number(r.impact), n: Number(r.n) }));
}

/** Today's counts for the trend: risks not closed per current score, and per (shown) status. */
export async function registerCounts(db: DB, today: string): Promise<{ scores: Record<string, number>; open: number; treating: number; accepted: number; expired: number; closed: number }> {
  const byScore = await db
    .selectFrom('risks as r')
    .select([currentScore.as('score'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.status', '!=', 'closed')
    .groupBy(currentScore)
    .execute();
  const byStatus = await db
    .selectFrom('risks')
    .select(['status', sql<number>`sum(case when status = 'accepted' and acceptance_expires < ${today} then 1 else 0 end)`.as('lapsed'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out = { scores: {} as Record<string, number>, open: 0, treating: 0, accepted: 0, expired: 0, closed: 0 };
  for (const r of byScore) out.scores[String(Number(r.score))] = Number(r.n);
  for (const r of byStatus) {
    const n = Number(r.n);
    if (r.status === 'accepted') {
      out.expired = Number(r.lapsed ?? 0);
      out.accepted = n - out.expired;
    } else out[r.status] = n;
  }
  return out;
}

export async function upsertTrend(db: DB, row: RiskTrendTable): Promise<void> {
  const { day: _day, ...rest } = row;
  await db
    .insertInto('risk_trend')
    .values(row)
    .onConflict((oc) => oc.column('day').doUpdateSet(rest))
    .execute();
}

/** Snapshots from `from` on, plus the last one before it (to carry forward). */
export async function trendSince(db: DB, from: string): Promise<RiskTrendRow[]> {
  const before = await db.selectFrom('risk_trend').selectAll().where('day', '<', from).orderBy('day', 'desc').limit(1).execute();
  const rows = await db.selectFrom('risk_trend').selectAll().where('day', '>=', from).orderBy('day').execute();
  return [...before, ...rows];
}

export const trendDays = async (db: DB): Promise<Set<string>> => new Set((await db.selectFrom('risk_trend').select('day').execute()).map((r) => r.day));

/** True for a unique-constraint failure on either dialect (two risks racing for one ref). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** Ids of the risks with these exact titles (for seeding by name). */
export async function riskIdsByTitles(db: DB, titles: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(titles)) for (const r of await db.selectFrom('risks').select(['id', 'title']).where('title', 'in', part).execute()) out.set(r.title, r.id);
  return out;
}
