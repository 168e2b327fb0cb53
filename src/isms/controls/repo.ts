// Control queries. Only this file builds SQL for `controls`, its link tables and `control_reviews`.
import { sql, type ExpressionBuilder, type Insertable, type Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import type { ControlRow, ControlsTable } from '../tables.js';
import type { ControlReviewRow, ControlReviewsTable } from './tables.js';
import type { ControlLevel, ControlSort, ControlStatus } from './schema.js';
import type { ReviewState } from './rules.js';

export type ControlListRow = ControlRow & { owner_name: string | null };
export type LinkKind = 'requirements' | 'risks' | 'assets';
export interface LinkCounts {
  requirements: number;
  risks: number;
  assets: number;
}

/**
 * The three link tables share one shape: `control_id` and the target's id. Kysely types each table
 * by name, so the generic helpers below read them as `control_requirements`; this is the one place
 * that says which table and column a kind really is.
 */
const LINK_TABLES = {
  requirements: { table: 'control_requirements', column: 'requirement_id' },
  risks: { table: 'control_risks', column: 'risk_id' },
  assets: { table: 'control_assets', column: 'asset_id' },
} as const;
const linkTable = (kind: LinkKind) => LINK_TABLES[kind].table as 'control_requirements';
const linkColumn = (kind: LinkKind) => LINK_TABLES[kind].column as 'requirement_id';

const CHUNK = 500;
const chunks = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export interface ControlsWhere {
  q?: string | undefined;
  level?: ControlLevel | undefined;
  status?: ControlStatus | undefined;
  ownerId?: string | undefined;
  frameworkId?: string | undefined;
  requirementId?: string | undefined;
  riskId?: string | undefined;
  assetId?: string | undefined;
  review?: { state: Exclude<ReviewState, 'not_scheduled'>; today: string; soonUntil: string } | undefined;
  /** A filter names something that cannot match (an unknown requirement key): the list is empty. */
  nothing?: boolean | undefined;
}

export interface ControlsOrder {
  sort: ControlSort;
  dir: 'asc' | 'desc';
}

type Eb = ExpressionBuilder<Database & { c: ControlsTable }, 'c'>;

/** The search key stored with each control: reference, title and description. */
export const controlSearchKey = (r: { ref: string; title: string; description: string | null }): string => searchKeyOf(r.ref, r.title, r.description);

function conditions(eb: Eb, w: ControlsWhere) {
  const and = [];
  if (w.nothing) and.push(eb(eb.val(1), '=', eb.val(0)));
  if (w.q) and.push(containsText('c.search_key', w.q));
  if (w.level) and.push(eb('c.level', '=', w.level));
  if (w.status) and.push(eb('c.status', '=', w.status));
  if (w.ownerId) and.push(eb('c.owner_id', '=', w.ownerId));
  if (w.requirementId) {
    const id = w.requirementId;
    and.push(eb.exists(eb.selectFrom('control_requirements as l').select('l.control_id').whereRef('l.control_id', '=', 'c.id').where('l.requirement_id', '=', id)));
  }
  if (w.frameworkId) {
    const id = w.frameworkId;
    and.push(
      eb.exists(
        eb
          .selectFrom('control_requirements as l')
          .innerJoin('requirements as r', 'r.id', 'l.requirement_id')
          .select('l.control_id')
          .whereRef('l.control_id', '=', 'c.id')
          .where('r.framework_id', '=', id),
      ),
    );
  }
  if (w.riskId) {
    const id = w.riskId;
    and.push(eb.exists(eb.selectFrom('control_risks as l').select('l.control_id').whereRef('l.control_id', '=', 'c.id').where('l.risk_id', '=', id)));
  }
  if (w.assetId) {
    const id = w.assetId;
    and.push(eb.exists(eb.selectFrom('control_assets as l').select('l.control_id').whereRef('l.control_id', '=', 'c.id').where('l.asset_id', '=', id)));
  }
  if (w.review) {
    const { state, today, soonUntil } = w.review;
    if (state === 'overdue') and.push(eb('c.next_review', '<', today));
    if (state === 'due_soon') and.push(eb.and([eb('c.next_review', '>=', today), eb('c.next_review', '<=', soonUntil)]));
    if (state === 'on_track') and.push(eb('c.next_review', '>', soonUntil));
  }
  return eb.and(and);
}

/** Controls with their owners (a left join the databases drop when the owner is not used). */
const withOwners = (db: DB) => db.selectFrom('controls as c').leftJoin('people as p', 'p.id', 'c.owner_id');

/** Levels and statuses sort in their natural order (principle → technical), not alphabetically. */
const rank = (eb: Eb, column: 'c.level' | 'c.status', values: readonly (ControlLevel | ControlStatus)[]) => {
  // `as never`: the column is one of two enum columns and each caller passes that column's values.
  let c = eb.case().when(column, '=', values[0]! as never).then(0);
  values.slice(1).forEach((v, i) => (c = c.when(column, '=', v as never).then(i + 1)));
  return c.else(values.length).end();
};

const LEVEL_ORDER = ['principle', 'practice', 'instruction', 'technical'] as const;
const STATUS_ORDER = ['not_started', 'planned', 'in_progress', 'implemented', 'not_applicable'] as const;

/** The sort key, then the reference: CTL-999 before CTL-1000 (index controls_ref_order); refs are unique. */
function ordered(q: ReturnType<typeof withOwners>, { sort, dir }: ControlsOrder): ReturnType<typeof withOwners> {
  if (sort === 'title') q = q.orderBy('c.title', dir);
  if (sort === 'level') q = q.orderBy((eb) => rank(eb, 'c.level', LEVEL_ORDER), dir);
  if (sort === 'status') q = q.orderBy((eb) => rank(eb, 'c.status', STATUS_ORDER), dir);
  // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
  if (sort === 'owner') q = q.orderBy('p.name', (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (sort === 'next_review') q = q.orderBy('c.next_review', (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  const refDir = sort === 'ref' ? dir : 'asc';
  return q.orderBy((eb) => eb.fn<number>('length', ['c.ref']), refDir).orderBy('c.ref', refDir);
}

/**
 * One page of controls matching `w`, in order. The page's references are picked first from the
 * narrow index, so a deep page (offset 4,000) reads whole rows and owners for its 50 rows only.
 */
export async function listControlRows(db: DB, w: ControlsWhere, order: ControlsOrder, page: { limit: number; offset: number } | null): Promise<{ rows: ControlListRow[]; total: number }> {
  const matching = ordered(withOwners(db).where((eb) => conditions(eb, w)), order).select('c.ref');
  const refs = page ? matching.limit(page.limit).offset(page.offset) : matching;
  const rows = await ordered(withOwners(db), order)
    .where('c.ref', 'in', refs)
    .selectAll('c')
    .select('p.name as owner_name')
    .execute();
  const { n } = await db
    .selectFrom('controls as c')
    .where((eb) => conditions(eb, w))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Controls per level, status and review clock, over the filters `w` (the list's counts and chart). */
export async function countControlsBy(db: DB, w: ControlsWhere, bounds: { today: string; soonUntil: string }): Promise<{ level: ControlLevel; status: ControlStatus; review: ReviewState; n: number }[]> {
  const rows = await db
    .selectFrom('controls as c')
    .where((eb) => conditions(eb, w))
    .select((eb) => [
      'c.level',
      'c.status',
      eb
        .case()
        .when('c.next_review', 'is', null)
        .then('not_scheduled')
        .when('c.next_review', '<', bounds.today)
        .then('overdue')
        .when('c.next_review', '<=', bounds.soonUntil)
        .then('due_soon')
        .else('on_track')
        .end()
        .as('review'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['c.level', 'c.status', 'review'] as never)
    .execute();
  return rows.map((r) => ({ level: r.level, status: r.status, review: r.review as ReviewState, n: Number(r.n) }));
}

/** How many requirements, risks and assets each of `ids` links to: one query for a whole page. */
export async function linkCountsOf(db: DB, ids: string[]): Promise<Map<string, LinkCounts>> {
  const out = new Map<string, LinkCounts>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('controls as c')
      .select((eb) => [
        'c.id',
        eb.selectFrom('control_requirements as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.control_id', '=', 'c.id').as('requirements'),
        eb.selectFrom('control_risks as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.control_id', '=', 'c.id').as('risks'),
        eb.selectFrom('control_assets as l').select(eb.fn.countAll<number>().as('n')).whereRef('l.control_id', '=', 'c.id').as('assets'),
      ])
      .where('c.id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.id, { requirements: Number(r.requirements ?? 0), risks: Number(r.risks ?? 0), assets: Number(r.assets ?? 0) });
  }
  return out;
}

export const findControl = (db: DB, id: string): Promise<ControlListRow | undefined> =>
  db.selectFrom('controls as c').leftJoin('people as p', 'p.id', 'c.owner_id').selectAll('c').select('p.name as owner_name').where('c.id', '=', id).executeTakeFirst();

/** Ids of controls with exactly this title (the demo finds its controls by title). */
export const controlIdsByTitle = async (db: DB, title: string): Promise<string[]> =>
  (await db.selectFrom('controls').select('id').where('title', '=', title).execute()).map((r) => r.id);

/** The highest number among `CTL-nnn` references, 0 when there is none. */
export async function highestRefNumber(db: DB): Promise<number> {
  const r = await db
    .selectFrom('controls')
    .select('ref')
    .where('ref', 'like', 'CTL-%')
    .orderBy((eb) => eb.fn<number>('length', ['ref']), 'desc')
    .orderBy('ref', 'desc')
    .limit(1)
    .executeTakeFirst();
  const n = r ? Number(r.ref.slice(4)) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

export async function insertControl(db: DB, row: Omit<Insertable<ControlsTable>, 'search_key'>): Promise<void> {
  await db
    .insertInto('controls')
    .values({ ...row, search_key: controlSearchKey({ ref: row.ref, title: row.title, description: row.description ?? null }) })
    .execute();
}

/** Updates `id`; pass the resulting ref, title and description so the search key stays in step. */
export async function updateControl(db: DB, id: string, patch: Omit<Updateable<ControlsTable>, 'search_key'> & { ref: string; title: string; description: string | null }): Promise<void> {
  await db
    .updateTable('controls')
    .set({ ...patch, search_key: controlSearchKey(patch) })
    .where('id', '=', id)
    .execute();
}

/** The target ids one control links to through `kind`. */
export async function linkedIds(db: DB, kind: LinkKind, controlId: string): Promise<string[]> {
  const rows = await db.selectFrom(linkTable(kind)).select(`${linkColumn(kind)} as target_id` as 'requirement_id as target_id').where('control_id', '=', controlId).execute();
  return rows.map((r) => r.target_id);
}

/** For each of `controlIds`, the target ids it links to through `kind` (the CSV export's columns). */
export async function linkedIdsOfMany(db: DB, kind: LinkKind, controlIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(controlIds.map((id) => [id, []]));
  for (const part of chunks(controlIds)) {
    const rows = await db.selectFrom(linkTable(kind)).select(['control_id', `${linkColumn(kind)} as target_id` as 'requirement_id as target_id']).where('control_id', 'in', part).execute();
    for (const r of rows) out.get(r.control_id)?.push(r.target_id);
  }
  return out;
}

/** Makes the control's links through `kind` exactly `targetIds` (removes the others, adds the new). */
export async function replaceLinks(db: DB, kind: LinkKind, controlId: string, targetIds: string[]): Promise<void> {
  const table = linkTable(kind);
  const column = linkColumn(kind);
  await db.deleteFrom(table).where('control_id', '=', controlId).execute();
  for (const part of chunks(targetIds)) {
    await db
      .insertInto(table)
      .values(part.map((id) => ({ control_id: controlId, [column]: id }) as { control_id: string; requirement_id: string }))
      .execute();
  }
}

/** Controls linked through `kind` to any of `targetIds`, each with the target it is linked to. */
export async function controlsLinkedTo(db: DB, kind: LinkKind, targetIds: string[]): Promise<(ControlRow & { target_id: string })[]> {
  const out: (ControlRow & { target_id: string })[] = [];
  for (const part of chunks(targetIds)) {
    const rows = await db
      .selectFrom(`${linkTable(kind)} as l` as 'control_requirements as l')
      .innerJoin('controls as c', 'c.id', 'l.control_id')
      .selectAll('c')
      .select(`l.${linkColumn(kind)} as target_id` as 'l.requirement_id as target_id')
      .where(`l.${linkColumn(kind)}` as 'l.requirement_id', 'in', part)
      .orderBy((eb) => eb.fn<number>('length', ['c.ref']))
      .orderBy('c.ref')
      .execute();
    out.push(...rows);
  }
  return out;
}

export async function insertReview(db: DB, row: Insertable<ControlReviewsTable>): Promise<void> {
  await db.insertInto('control_reviews').values(row).execute();
}

/** A control's reviews, newest first, with each reviewer's name. */
export const reviewsOf = (db: DB, controlId: string, limit = 200): Promise<(ControlReviewRow & { reviewer_name: string | null })[]> =>
  db
    .selectFrom('control_reviews as r')
    .leftJoin('people as p', 'p.id', 'r.reviewer_id')
    .selectAll('r')
    .select('p.name as reviewer_name')
    .where('r.control_id', '=', controlId)
    .orderBy('r.reviewed_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();

/** Counts for the demo banner and tests. */
export async function countRows(db: DB): Promise<{ controls: number; links: number; reviews: number }> {
  const n = async (table: 'controls' | 'control_reviews' | 'control_requirements' | 'control_risks' | 'control_assets') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { controls: await n('controls'), links: (await n('control_requirements')) + (await n('control_risks')) + (await n('control_assets')), reviews: await n('control_reviews') };
}

/** True for a unique-constraint failure on either dialect (two controls given one reference at once). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** How many controls link to each of `requirementIds` (absent: none), counted in SQL for coverage figures. */
export async function controlCountsByRequirement(db: DB, requirementIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < requirementIds.length; i += 500) {
    const rows = await db
      .selectFrom('control_requirements')
      .select(['requirement_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('requirement_id', 'in', requirementIds.slice(i, i + 500))
      .groupBy('requirement_id')
      .execute();
    for (const r of rows) out.set(r.requirement_id, Number(r.n));
  }
  return out;
}

/**
 * Which of `requirementIds` at least one control links to. One index probe per id (EXISTS stops at
 * the first link), so it stays fast when a requirement has hundreds of controls.
 */
export async function requirementIdsWithControls(db: DB, requirementIds: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < requirementIds.length; i += 500) {
    const ids = requirementIds.slice(i, i + 500).map((id) => sql`(${id})`);
    const { rows } = await sql<{ id: string }>`with ids(id) as (values ${sql.join(ids)})
      select id from ids where exists (select 1 from control_requirements l where l.requirement_id = ids.id)`.execute(db);
    out.push(...rows.map((r) => r.id));
  }
  return out;
}
