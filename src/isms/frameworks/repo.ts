// Framework and requirement queries. Only this file builds SQL for `frameworks`, `requirements`
// and `framework_groups`.
import { sql, type Insertable, type Updateable } from 'kysely';
import { dialectOf, type DB } from '../../db/index.js';
import { containsText } from '../../db/search.js';
import type { FrameworkRow, FrameworksTable, RequirementRow, RequirementsTable } from '../tables.js';
import type { FrameworkGroupRow, FrameworkGroupsTable } from './tables.js';

// Keeps statements well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 200;

/** Requirements by `(framework_id, ref)` pairs; pairs with no row are simply absent. */
export async function requirementsByRefs(db: DB, pairs: { frameworkId: string; ref: string }[]): Promise<RequirementRow[]> {
  if (pairs.length === 0) return [];
  const byFramework = new Map<string, string[]>();
  for (const p of pairs) byFramework.set(p.frameworkId, [...(byFramework.get(p.frameworkId) ?? []), p.ref]);
  const out: RequirementRow[] = [];
  for (const [frameworkId, refs] of byFramework) {
    for (let i = 0; i < refs.length; i += 500) {
      out.push(...(await db.selectFrom('requirements').selectAll().where('framework_id', '=', frameworkId).where('ref', 'in', refs.slice(i, i + 500)).execute()));
    }
  }
  return out;
}

export async function requirementsByIds(db: DB, ids: string[]): Promise<RequirementRow[]> {
  const out: RequirementRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await db.selectFrom('requirements').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
}

/** Every requirement of one framework of one kind, in catalogue order. */
export async function requirementsOfKind(db: DB, frameworkId: string, kind: string): Promise<RequirementRow[]> {
  return db.selectFrom('requirements').selectAll().where('framework_id', '=', frameworkId).where('kind', '=', kind).orderBy('sort_order').execute();
}

/** One framework's row by id (added for the SoA's headers and snapshots). */
export const frameworkById = (db: DB, id: string) => db.selectFrom('frameworks').selectAll().where('id', '=', id).executeTakeFirst();
export const frameworkIdsAndNames = (db: DB): Promise<{ id: string; name: string }[]> => db.selectFrom('frameworks').select(['id', 'name']).orderBy('name').orderBy('id').execute();

// A fixed key for the catalogue loader's advisory lock (PostgreSQL): two instances booting at once
// then load one after the other instead of racing on the same refs.
const CATALOGUE_LOCK_KEY = 7_461_010;

/** Serialises catalogue loads on PostgreSQL for the rest of the transaction; SQLite serialises writers already. */
export async function lockCatalogues(tx: DB): Promise<void> {
  if (dialectOf(tx) === 'postgres') await sql`select pg_advisory_xact_lock(${CATALOGUE_LOCK_KEY})`.execute(tx);
}

export const findFramework = (db: DB, id: string): Promise<FrameworkRow | undefined> => db.selectFrom('frameworks').selectAll().where('id', '=', id).executeTakeFirst();

export const allFrameworks = (db: DB): Promise<FrameworkRow[]> => db.selectFrom('frameworks').selectAll().orderBy('name').orderBy('id').execute();

export async function insertFramework(db: DB, row: Insertable<FrameworksTable>): Promise<void> {
  await db.insertInto('frameworks').values(row).execute();
}

export async function updateFramework(db: DB, id: string, patch: Updateable<FrameworksTable>): Promise<void> {
  await db.updateTable('frameworks').set(patch).where('id', '=', id).execute();
}

/** Requirement counts per framework and kind; withdrawn requirements counted apart. */
export async function requirementCounts(db: DB): Promise<{ framework_id: string; kind: string; withdrawn: boolean; n: number }[]> {
  const rows = await db
    .selectFrom('requirements')
    .select(['framework_id', 'kind', sql<number>`case when withdrawn_at is null then 0 else 1 end`.as('w'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['framework_id', 'kind', sql`case when withdrawn_at is null then 0 else 1 end`])
    .execute();
  return rows.map((r) => ({ framework_id: r.framework_id, kind: r.kind, withdrawn: Number(r.w) === 1, n: Number(r.n) }));
}

/** Id, framework and group of every current (not withdrawn) requirement, for coverage figures. */
export async function currentRequirementIds(db: DB, frameworkId?: string): Promise<{ id: string; framework_id: string; group_ref: string | null }[]> {
  let q = db.selectFrom('requirements').select(['id', 'framework_id', 'group_ref']).where('withdrawn_at', 'is', null);
  if (frameworkId) q = q.where('framework_id', '=', frameworkId);
  return q.execute();
}

/** Every requirement of a framework, withdrawn ones too, in catalogue order. */
export const allRequirements = (db: DB, frameworkId: string): Promise<RequirementRow[]> =>
  db.selectFrom('requirements').selectAll().where('framework_id', '=', frameworkId).orderBy('sort_order').orderBy('ref').execute();

export const findRequirement = (db: DB, frameworkId: string, ref: string): Promise<RequirementRow | undefined> =>
  db.selectFrom('requirements').selectAll().where('framework_id', '=', frameworkId).where('ref', '=', ref).executeTakeFirst();

/** The children of a requirement (e.g. 9.2.1 and 9.2.2 under 9.2), in catalogue order. */
export const childRequirements = (db: DB, frameworkId: string, parentRef: string): Promise<RequirementRow[]> =>
  db.selectFrom('requirements').selectAll().where('framework_id', '=', frameworkId).where('parent_ref', '=', parentRef).orderBy('sort_order').execute();

export const groupsOf = (db: DB, frameworkId: string): Promise<FrameworkGroupRow[]> =>
  db.selectFrom('framework_groups').selectAll().where('framework_id', '=', frameworkId).orderBy('sort_order').execute();

export interface RequirementWhere {
  q?: string | undefined;
  /** Group refs to include (a group and the groups nested in it). */
  groups?: string[] | undefined;
  kind?: string | undefined;
  status?: 'current' | 'withdrawn' | undefined;
}

export interface RequirementOrder {
  sort: 'order' | 'title' | 'group' | 'kind';
  dir: 'asc' | 'desc';
}

function filtered(db: DB, frameworkId: string, w: RequirementWhere) {
  let q = db.selectFrom('requirements').where('framework_id', '=', frameworkId);
  if (w.q) q = q.where(containsText('search_key', w.q));
  if (w.groups) q = w.groups.length ? q.where('group_ref', 'in', w.groups) : q.where(sql<boolean>`1 = 0`);
  if (w.kind) q = q.where('kind', '=', w.kind);
  if (w.status === 'current') q = q.where('withdrawn_at', 'is', null);
  if (w.status === 'withdrawn') q = q.where('withdrawn_at', 'is not', null);
  return q;
}

const SORT_COLUMN = { order: 'sort_order', title: 'title', group: 'group_ref', kind: 'kind' } as const;

/** One page of a framework's requirements, ordered stably (the sort column, then catalogue order). */
export async function listRequirementRows(
  db: DB,
  frameworkId: string,
  w: RequirementWhere,
  order: RequirementOrder,
  page: { limit: number; offset: number } | null,
): Promise<{ rows: RequirementRow[]; total: number }> {
  let q = filtered(db, frameworkId, w)
    .selectAll()
    .orderBy(SORT_COLUMN[order.sort], (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (order.sort !== 'order') q = q.orderBy('sort_order');
  q = q.orderBy('id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, frameworkId, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function insertRequirements(db: DB, rows: Insertable<RequirementsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('requirements').values(rows.slice(i, i + CHUNK)).execute();
}

export async function updateRequirement(db: DB, id: string, patch: Updateable<RequirementsTable>): Promise<void> {
  await db.updateTable('requirements').set(patch).where('id', '=', id).execute();
}

export async function deleteRequirements(db: DB, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) await db.deleteFrom('requirements').where('id', 'in', ids.slice(i, i + CHUNK)).execute();
}

/** Replaces a framework's groups with `groups` (they carry no ids other areas link to). */
export async function replaceGroups(db: DB, frameworkId: string, groups: Omit<Insertable<FrameworkGroupsTable>, 'framework_id'>[]): Promise<void> {
  await db.deleteFrom('framework_groups').where('framework_id', '=', frameworkId).execute();
  const rows = groups.map((g) => ({ ...g, framework_id: frameworkId }));
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('framework_groups').values(rows.slice(i, i + CHUNK)).execute();
}
