// People directory queries. Only this file builds SQL for the `people` table.
import { type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText } from '../../db/search.js';

export const PERSON_STATUSES = ['active', 'leaving', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PeopleTable {
  id: string;
  name: string;
  /** Lower-cased; unique. */
  email: string;
  title: string | null;
  department: string | null;
  manager_id: string | null;
  status: PersonStatus;
  /** ISO dates (YYYY-MM-DD). */
  start_date: string | null;
  end_date: string | null;
  created_at: string;
  updated_at: string;
  /** Lower-cased "name email" for contains-search; written by `searchKey` on every write. */
  search_key: string;
}

export type PersonRow = Selectable<PeopleTable>;
/** A person with their manager's name and email, for lists and exports. */
export type PersonListRow = PersonRow & { manager_name: string | null; manager_email: string | null };

export interface PeopleTables {
  people: PeopleTable;
}

export interface PeopleWhere {
  q?: string | undefined;
  department?: string | undefined;
  status?: PersonStatus | undefined;
  managerId?: string | undefined;
}

export interface PeopleOrder {
  sort: 'name' | 'email' | 'department' | 'status' | 'start_date';
  dir: 'asc' | 'desc';
}

/** The search key stored with each person. */
export const searchKey = (name: string, email: string): string => `${name} ${email}`.normalize('NFC').toLowerCase();


function filtered(db: DB, w: PeopleWhere) {
  let q = db.selectFrom('people as p').leftJoin('people as m', 'm.id', 'p.manager_id');
  if (w.q) {
    q = q.where(containsText('p.search_key', w.q));
  }
  if (w.department) q = q.where('p.department', '=', w.department);
  if (w.status) q = q.where('p.status', '=', w.status);
  if (w.managerId) q = q.where('p.manager_id', '=', w.managerId);
  return q;
}

/** One page of people matching `w`, ordered stably (the sort column, then name, then id). */
export async function listPeopleRows(
  db: DB,
  w: PeopleWhere,
  order: PeopleOrder,
  page: { limit: number; offset: number } | null,
): Promise<{ rows: PersonListRow[]; total: number }> {
  let q = filtered(db, w)
    .selectAll('p')
    .select(['m.name as manager_name', 'm.email as manager_email'])
    // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
    .orderBy(`p.${order.sort}`, (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (order.sort !== 'name') q = q.orderBy('p.name');
  q = q.orderBy('p.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const findPersonById = (db: DB, id: string): Promise<PersonRow | undefined> =>
  db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();

export const findPersonByEmail = (db: DB, email: string): Promise<PersonRow | undefined> =>
  db.selectFrom('people').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

/** Every person; the import compares the whole directory with the file. */
export const allPeople = (db: DB): Promise<PersonRow[]> => db.selectFrom('people').selectAll().orderBy('name').orderBy('id').execute();

/** People a manager picker offers: everyone not left, plus `include` (e.g. the current manager). */
export const managerChoices = (db: DB, include: string | null): Promise<Pick<PersonRow, 'id' | 'name' | 'email'>[]> =>
  db
    .selectFrom('people')
    .select(['id', 'name', 'email'])
    .where((eb) => (include ? eb.or([eb('status', '!=', 'left'), eb('id', '=', include)]) : eb('status', '!=', 'left')))
    .orderBy('name')
    .orderBy('id')
    .execute();

export async function namesByIds(db: DB, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const directReports = (db: DB, managerId: string): Promise<PersonRow[]> =>
  db.selectFrom('people').selectAll().where('manager_id', '=', managerId).orderBy('name').orderBy('id').execute();

/** The manager id of `id`: null for none, undefined when the person does not exist. */
export async function managerIdOf(db: DB, id: string): Promise<string | null | undefined> {
  const r = await db.selectFrom('people').select('manager_id').where('id', '=', id).executeTakeFirst();
  return r ? r.manager_id : undefined;
}

export async function listDepartments(db: DB): Promise<string[]> {
  const rows = await db.selectFrom('people').select('department').distinct().where('department', 'is not', null).orderBy('department').execute();
  return rows.map((r) => r.department!);
}

export async function countByStatus(db: DB): Promise<Record<PersonStatus, number>> {
  const rows = await db
    .selectFrom('people')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<PersonStatus, number> = { active: 0, leaving: 0, left: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Active and leaving people per department (null department included), largest first. */
export async function countByDepartment(db: DB): Promise<{ department: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('people')
    .select(['department', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'left')
    .groupBy('department')
    .execute();
  return rows
    .map((r) => ({ department: r.department, n: Number(r.n) }))
    .sort((a, b) => b.n - a.n || (a.department ?? '').localeCompare(b.department ?? ''));
}

export async function insertPerson(db: DB, row: Omit<Insertable<PeopleTable>, 'search_key'>): Promise<PersonRow> {
  await db
    .insertInto('people')
    .values({ ...row, search_key: searchKey(row.name, row.email) })
    .execute();
  return (await findPersonById(db, row.id))!;
}

/**
 * Inserts many people, a few hundred per statement. Both dialects check foreign keys at the end
 * of each statement, so a manager may sit in the same chunk as their report, or an earlier one.
 */
export async function insertPeople(db: DB, rows: Omit<Insertable<PeopleTable>, 'search_key'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({ ...r, search_key: searchKey(r.name, r.email) }));
    await db.insertInto('people').values(chunk).execute();
  }
}

/** Updates `id` without reading it back; pass the resulting name and email for the search key. */
export async function writePerson(db: DB, id: string, patch: Omit<Updateable<PeopleTable>, 'search_key'> & { name: string; email: string }): Promise<void> {
  await db
    .updateTable('people')
    .set({ ...patch, search_key: searchKey(patch.name, patch.email) })
    .where('id', '=', id)
    .execute();
}

/** Updates `id`; pass the resulting name and email so the search key stays in step. */
export async function updatePerson(db: DB, id: string, patch: Omit<Updateable<PeopleTable>, 'search_key'> & { name: string; email: string }): Promise<PersonRow> {
  await db
    .updateTable('people')
    .set({ ...patch, search_key: searchKey(patch.name, patch.email) })
    .where('id', '=', id)
    .execute();
  return (await findPersonById(db, id))!;
}

/** True for a unique-constraint failure on either dialect (a race on the same email). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** People with any of `emails` (lower-cased), a few hundred per query. */
export async function findPeopleByEmails(db: DB, emails: string[]): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  for (let i = 0; i < wanted.length; i += 500) out.push(...(await db.selectFrom('people').selectAll().where('email', 'in', wanted.slice(i, i + 500)).execute()));
  return out;
}

/** People with these ids, by name (for lists of named people, e.g. who must acknowledge a policy). */
export async function findPeopleByIds(db: DB, ids: string[]): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  // A few hundred per statement keeps within both dialects' parameter limits.
  for (let i = 0; i < ids.length; i += 500) out.push(...(await db.selectFrom('people').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** People not left, optionally only those in `department`, by name. */
export const peopleNotLeft = (db: DB, department: string | null): Promise<PersonRow[]> => {
  let q = db.selectFrom('people').selectAll().where('status', '!=', 'left');
  if (department !== null) q = q.where('department', '=', department);
  return q.orderBy('name').orderBy('id').execute();
};
