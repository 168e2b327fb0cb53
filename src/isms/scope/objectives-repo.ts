// Queries for objectives and their measurements; the status rule in SQL so lists filter and sort by it.
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { DB } from '../../db/index.js';
import { addDays } from '../../web/dates.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import { refOrder } from './repo.js';
import { AT_RISK_WINDOW_DAYS, OBJECTIVE_STATUSES, type ObjectiveStatus } from './status.js';
import type { MeasurementRow, ObjectiveMeasurementsTable, ObjectiveRow, ObjectivesTable } from './tables.js';

export interface ObjectiveWhere {
  q?: string | undefined;
  status?: ObjectiveStatus | undefined;
  ownerId?: string | undefined;
}

export interface ObjectiveOrder {
  sort: 'ref' | 'title' | 'due_date' | 'status' | 'updated_at';
  dir: 'asc' | 'desc';
}

/** An objective row with its status as the database computed it. */
export type ObjectiveListRow = ObjectiveRow & { status: ObjectiveStatus };

/**
 * `objectiveStatus` (status.ts) as SQL over the `o` alias, for `today` (YYYY-MM-DD, the
 * organisation's date). ISO dates compare correctly as text on both dialects.
 */
export function objectiveStatusSql(today: string): RawBuilder<ObjectiveStatus> {
  const soon = addDays(today, AT_RISK_WINDOW_DAYS);
  return sql<ObjectiveStatus>`case
    when o.current_value is null then 'no_data'
    when (o.direction = 'higher' and o.current_value >= o.target) or (o.direction = 'lower' and o.current_value <= o.target) then 'met'
    when o.due_date < ${today} then 'missed'
    when o.due_date <= ${soon}
      or (o.previous_value is not null and ((o.direction = 'higher' and o.current_value < o.previous_value) or (o.direction = 'lower' and o.current_value > o.previous_value)))
      then 'at_risk'
    else 'on_track' end`;
}

/** The status's place in OBJECTIVE_STATUSES (worst first), for sorting. */
const statusRank = (today: string) =>
  sql<number>`case ${objectiveStatusSql(today)} ${sql.join(
    OBJECTIVE_STATUSES.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
    sql` `,
  )} end`;

const keyOf = (o: Pick<ObjectiveRow, 'ref' | 'title' | 'metric'>) => searchKeyOf(o.ref, o.title, o.metric);

function filtered(db: DB, w: ObjectiveWhere, today: string) {
  let q = db.selectFrom('objectives as o');
  if (w.q) q = q.where(containsText('o.search_key', w.q));
  if (w.ownerId) q = q.where('o.owner_id', '=', w.ownerId);
  if (w.status) q = q.where(objectiveStatusSql(today), '=', w.status);
  return q;
}

/** One page of objectives with their computed status (all when `page` is null), ordered stably. */
export async function listObjectives(
  db: DB,
  w: ObjectiveWhere,
  o: ObjectiveOrder,
  today: string,
  page: { limit: number; offset: number } | null,
): Promise<{ rows: ObjectiveListRow[]; total: number }> {
  let q = filtered(db, w, today).selectAll('o').select(objectiveStatusSql(today).as('status'));
  if (o.sort === 'status') q = q.orderBy(statusRank(today), o.dir).orderBy('o.due_date');
  else if (o.sort !== 'ref') q = q.orderBy(`o.${o.sort}`, o.dir);
  q = q.orderBy(refOrder('o.ref'), o.sort === 'ref' ? o.dir : 'asc').orderBy('o.ref', o.sort === 'ref' ? o.dir : 'asc');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w, today)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** How many objectives have each status today. */
export async function countByStatus(db: DB, today: string): Promise<Record<ObjectiveStatus, number>> {
  // Grouped over a subquery: PostgreSQL would not match a parameterised CASE in SELECT and GROUP BY.
  const statuses = db.selectFrom('objectives as o').select(objectiveStatusSql(today).as('status')).as('s');
  const rows = await db
    .selectFrom(statuses)
    .select(['s.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('s.status')
    .execute();
  const out = Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as Record<ObjectiveStatus, number>;
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export const findObjective = (db: DB, id: string): Promise<ObjectiveRow | undefined> => db.selectFrom('objectives').selectAll().where('id', '=', id).executeTakeFirst();

export const findObjectiveByTitle = (db: DB, title: string): Promise<ObjectiveRow | undefined> => db.selectFrom('objectives').selectAll().where('title', '=', title).executeTakeFirst();

export async function insertObjective(db: DB, row: Omit<Insertable<ObjectivesTable>, 'search_key'> & Pick<ObjectiveRow, 'ref' | 'title' | 'metric'>): Promise<void> {
  await db
    .insertInto('objectives')
    .values({ ...row, search_key: keyOf(row) })
    .execute();
}

export async function updateObjective(db: DB, row: ObjectiveRow): Promise<void> {
  const { id, created_at: _created, search_key: _key, ...rest } = row;
  await db
    .updateTable('objectives')
    .set({ ...rest, search_key: keyOf(row) })
    .where('id', '=', id)
    .execute();
}

export async function insertMeasurement(db: DB, row: Insertable<ObjectiveMeasurementsTable>): Promise<void> {
  await db.insertInto('objective_measurements').values(row).execute();
}

/** Measurements of one objective, newest first (by the date measured, then by when recorded). */
export const measurementsOf = (db: DB, objectiveId: string, limit = 500): Promise<MeasurementRow[]> =>
  db
    .selectFrom('objective_measurements')
    .selectAll()
    .where('objective_id', '=', objectiveId)
    .orderBy('measured_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/**
 * Copies the latest two measurements onto the objective: a back-dated measurement may not be the
 * latest, so the current value always comes from the dates measured, not the order recorded.
 */
export async function refreshCurrent(db: DB, objectiveId: string, now: string): Promise<ObjectiveRow> {
  const [latest, before] = await measurementsOf(db, objectiveId, 2);
  await db
    .updateTable('objectives')
    .set({ current_value: latest?.value ?? null, current_measured_on: latest?.measured_on ?? null, previous_value: before?.value ?? null, updated_at: now })
    .where('id', '=', objectiveId)
    .execute();
  return (await findObjective(db, objectiveId))!;
}

/** The latest `perObjective` values of each objective, oldest first, for trend lines. */
export async function recentValues(db: DB, objectiveIds: string[], perObjective: number): Promise<Map<string, { value: number; measured_on: string }[]>> {
  const out = new Map<string, { value: number; measured_on: string }[]>(objectiveIds.map((id) => [id, []]));
  if (!objectiveIds.length) return out;
  const ranked = db
    .selectFrom('objective_measurements')
    .select([
      'objective_id',
      'value',
      'measured_on',
      sql<number>`row_number() over (partition by objective_id order by measured_on desc, recorded_at desc, id desc)`.as('rn'),
    ])
    .where('objective_id', 'in', objectiveIds.slice(0, 500))
    .as('m');
  const rows = await db.selectFrom(ranked).selectAll().where('m.rn', '<=', perObjective).orderBy('m.objective_id').orderBy('m.rn', 'desc').execute();
  for (const r of rows) out.get(r.objective_id)?.push({ value: Number(r.value), measured_on: r.measured_on });
  return out;
}

/** Everyone who owns an objective, for the owner filter. */
export async function ownerIds(db: DB): Promise<string[]> {
  const rows = await db.selectFrom('objectives').select('owner_id').distinct().where('owner_id', 'is not', null).execute();
  return rows.map((r) => r.owner_id!);
}
