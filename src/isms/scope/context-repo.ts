// Queries for internal and external issues and their links to risks.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import { refOrder } from './repo.js';
import type { ContextIssueRow, ContextIssuesTable, IssueCategory, IssueKind } from './tables.js';

export interface IssueWhere {
  q?: string | undefined;
  kind?: IssueKind | undefined;
  category?: IssueCategory | undefined;
}

export interface IssueOrder {
  sort: 'ref' | 'title' | 'kind' | 'category' | 'updated_at';
  dir: 'asc' | 'desc';
}

type IssueFields = Omit<Insertable<ContextIssuesTable>, 'search_key'>;
const keyOf = (r: Pick<ContextIssueRow, 'ref' | 'title' | 'description' | 'effect'>) => searchKeyOf(r.ref, r.title, r.description, r.effect);

function filtered(db: DB, w: IssueWhere) {
  let q = db.selectFrom('context_issues as i');
  if (w.q) q = q.where(containsText('i.search_key', w.q));
  if (w.kind) q = q.where('i.kind', '=', w.kind);
  if (w.category) q = q.where('i.category', '=', w.category);
  return q;
}

/** One page of issues (all of them when `page` is null), ordered stably by the sort column, then reference. */
export async function listIssues(db: DB, w: IssueWhere, o: IssueOrder, page: { limit: number; offset: number } | null): Promise<{ rows: ContextIssueRow[]; total: number }> {
  let q = filtered(db, w).selectAll('i');
  if (o.sort !== 'ref') q = q.orderBy(`i.${o.sort}`, o.dir);
  q = q.orderBy(refOrder('i.ref'), o.sort === 'ref' ? o.dir : 'asc').orderBy('i.ref', o.sort === 'ref' ? o.dir : 'asc');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const findIssue = (db: DB, id: string): Promise<ContextIssueRow | undefined> => db.selectFrom('context_issues').selectAll().where('id', '=', id).executeTakeFirst();

/** Linked risk ids per issue, for the issues given. */
export async function riskIdsOf(db: DB, issueIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(issueIds.map((id) => [id, []]));
  for (let i = 0; i < issueIds.length; i += 500) {
    const rows = await db
      .selectFrom('context_issue_risks')
      .select(['issue_id', 'risk_id'])
      .where('issue_id', 'in', issueIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.get(r.issue_id)?.push(r.risk_id);
  }
  return out;
}

export async function insertIssue(db: DB, row: IssueFields, riskIds: string[]): Promise<void> {
  await db
    .insertInto('context_issues')
    .values({ ...row, search_key: keyOf(row as ContextIssueRow) })
    .execute();
  await setRisks(db, row.id, riskIds);
}

export async function updateIssue(db: DB, id: string, row: Omit<Updateable<ContextIssuesTable>, 'search_key'> & Pick<ContextIssueRow, 'ref' | 'title' | 'description' | 'effect'>): Promise<void> {
  await db
    .updateTable('context_issues')
    .set({ ...row, search_key: keyOf(row) })
    .where('id', '=', id)
    .execute();
}

/** Replaces the issue's risk links with `riskIds`. */
export async function setRisks(db: DB, issueId: string, riskIds: string[]): Promise<void> {
  await db.deleteFrom('context_issue_risks').where('issue_id', '=', issueId).execute();
  if (riskIds.length) await db.insertInto('context_issue_risks').values(riskIds.map((risk_id) => ({ issue_id: issueId, risk_id }))).execute();
}

export async function deleteIssue(db: DB, id: string): Promise<void> {
  await db.deleteFrom('context_issues').where('id', '=', id).execute();
}

export async function countIssuesByKind(db: DB): Promise<Record<IssueKind, number>> {
  const rows = await db
    .selectFrom('context_issues')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  const out: Record<IssueKind, number> = { internal: 0, external: 0 };
  for (const r of rows) out[r.kind] = Number(r.n);
  return out;
}

/** The issue with exactly this title, for the demo's idempotent seeding. */
export async function findIssueByTitle(db: DB, title: string): Promise<ContextIssueRow | undefined> {
  const rows = await db.selectFrom('context_issues').selectAll().where('title', '=', title).execute();
  return rows[0];
}
