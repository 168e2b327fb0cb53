// Asset queries. Only this file builds SQL for `assets` and `asset_dependencies`. Lists join
// `people` for the owner's name, email and status: sorting and filtering by owner happen in SQL.
import { sql, type Insertable, type RawBuilder, type SelectQueryBuilder, type Updateable } from 'kysely';
import { dialectOf, type DB } from '../../db/index.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import type { AssetRow, AssetsTable } from '../tables.js';
import type { AssetSort } from './schema.js';

export type AssetListRow = AssetRow & { owner_name: string | null; owner_email: string | null; owner_status: string | null };
export type AssetBrief = Pick<AssetRow, 'id' | 'ref' | 'name' | 'status'>;
type NewAsset = Omit<Insertable<AssetsTable>, 'search_key'>;

export interface AssetsWhere {
  q?: string | undefined;
  kind?: AssetRow['kind'] | undefined;
  classification?: AssetRow['classification'] | undefined;
  /** An environment, or `none` for assets without one. */
  environment?: string | undefined;
  /** A person id, or `none` for assets without an owner. */
  owner?: string | undefined;
  status?: AssetRow['status'] | undefined;
}

export interface AssetsOrder {
  sort: AssetSort;
  dir: 'asc' | 'desc';
}

const CHUNK = 500;

/** The search key stored with each asset: reference, name and description. */
export const assetSearchKey = (a: { ref: string; name: string; description?: string | null | undefined }): string => searchKeyOf(a.ref, a.name, a.description);

/** Assets matching `w`; filters need no join, so counts and id pages read the assets table alone. */
function filtered(db: DB, w: AssetsWhere) {
  let q = db.selectFrom('assets as a');
  if (w.q) q = q.where(containsText('a.search_key', w.q));
  if (w.kind) q = q.where('a.kind', '=', w.kind);
  if (w.classification) q = q.where('a.classification', '=', w.classification);
  if (w.environment === 'none') q = q.where('a.environment', 'is', null);
  else if (w.environment) q = q.where('a.environment', '=', w.environment as NonNullable<AssetRow['environment']>);
  if (w.owner === 'none') q = q.where('a.owner_id', 'is', null);
  else if (w.owner) q = q.where('a.owner_id', '=', w.owner);
  if (w.status) q = q.where('a.status', '=', w.status);
  return q;
}

// Classification sorts by sensitivity, not alphabetically; references sort naturally
// (AST-999 before AST-1000) by length first.
const OWNER_NAME = sql<string | null>`(select p.name from people p where p.id = a.owner_id)`;
const CLASSIFICATION_RANK = sql<number>`case a.classification when 'public' then 1 when 'internal' then 2 when 'confidential' then 3 else 4 end`;

/** The ORDER BY of a list over `assets as a`: the sort column, then natural reference order, then id. */
function orderItems(order: AssetsOrder): [RawBuilder<unknown>, 'asc' | 'desc', boolean][] {
  const dir = order.dir;
  const head: Record<AssetSort, [RawBuilder<unknown>, 'asc' | 'desc', boolean][]> = {
    ref: [
      [sql`length(a.ref)`, dir, false],
      [sql`a.ref`, dir, false],
    ],
    name: [[sql`a.name`, dir, false]],
    kind: [[sql`a.kind`, dir, false]],
    classification: [[CLASSIFICATION_RANK, dir, false]],
    // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
    owner: [[OWNER_NAME, dir, true]],
    updated: [[sql`a.updated_at`, dir, false]],
  };
  const tail: [RawBuilder<unknown>, 'asc' | 'desc', boolean][] = order.sort === 'ref' ? [] : [
    [sql`length(a.ref)`, 'asc', false],
    [sql`a.ref`, 'asc', false],
  ];
  return [...head[order.sort], ...tail, [sql`a.id`, 'asc', false]];
}

function ordered<DB2, TB extends keyof DB2, O>(q: SelectQueryBuilder<DB2, TB, O>, order: AssetsOrder): SelectQueryBuilder<DB2, TB, O> {
  for (const [expr, dir, nullsLast] of orderItems(order)) {
    q = q.orderBy(expr, (ob) => {
      const o = dir === 'asc' ? ob.asc() : ob.desc();
      return nullsLast ? o.nullsLast() : o;
    });
  }
  return q;
}

/**
 * Ids of one page of assets matching `w`, ordered stably. Only the sort keys and ids pass through
 * the sort, so a deep page of 10,000 assets stays cheap; the rows themselves are read by id.
 */
export async function listAssetIds(db: DB, w: AssetsWhere, order: AssetsOrder, page: { limit: number; offset: number }): Promise<string[]> {
  const q = ordered(filtered(db, w).select('a.id'), order).limit(page.limit).offset(page.offset);
  return (await q.execute()).map((r) => r.id);
}

/** What an exported line needs of an asset: the import's columns, with the owner as an email. */
export type ExportRow = Pick<AssetRow, 'id' | 'ref' | 'name' | 'kind' | 'description' | 'classification' | 'confidentiality' | 'integrity' | 'availability' | 'environment' | 'status'> & {
  owner_email: string | null;
};

/** Every asset matching `w`, ordered as the list is: the rows of an export, only the columns it writes. */
export async function exportRows(db: DB, w: AssetsWhere, order: AssetsOrder): Promise<ExportRow[]> {
  const q = ordered(
    filtered(db, w)
      .leftJoin('people as p', 'p.id', 'a.owner_id')
      .select(['a.id', 'a.ref', 'a.name', 'a.kind', 'a.description', 'a.classification', 'a.confidentiality', 'a.integrity', 'a.availability', 'a.environment', 'a.status', 'p.email as owner_email']),
    order,
  );
  return q.execute();
}

const naturally = (x: string, y: string) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);

/** The references each asset matching `w` depends on, in natural order, in one query. */
export async function dependencyRefsOf(db: DB, w: AssetsWhere): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('asset_dependencies as d')
    .innerJoin('assets as t', 't.id', 'd.depends_on_id')
    .select(['d.asset_id', 't.ref'])
    .where('d.asset_id', 'in', filtered(db, w).select('a.id'))
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.asset_id);
    if (list) list.push(r.ref);
    else out.set(r.asset_id, [r.ref]);
  }
  // A handful per asset: sorting here is cheaper than ordering the whole result in SQL.
  for (const list of out.values()) list.sort(naturally);
  return out;
}

/** Assets by id with their owners' names, emails and statuses, in the order of `ids`. */
export async function assetsWithOwners(db: DB, ids: string[]): Promise<AssetListRow[]> {
  const byId = new Map<string, AssetListRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('assets as a')
      .leftJoin('people as p', 'p.id', 'a.owner_id')
      .selectAll('a')
      .select(['p.name as owner_name', 'p.email as owner_email', 'p.status as owner_status'])
      .where('a.id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) byId.set(r.id, r as AssetListRow);
  }
  return ids.map((id) => byId.get(id)).filter((r): r is AssetListRow => !!r);
}

/** One page of assets matching `w`, with owners, ordered stably. */
export async function listAssetRows(db: DB, w: AssetsWhere, order: AssetsOrder, page: { limit: number; offset: number }): Promise<AssetListRow[]> {
  return assetsWithOwners(db, await listAssetIds(db, w, order, page));
}

export async function countAssets(db: DB, w: AssetsWhere): Promise<number> {
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** How many assets matching `w` there are of each kind and classification, in one pass. */
export async function countAssetsByKindAndClass(db: DB, w: AssetsWhere): Promise<{ kind: AssetRow['kind']; classification: AssetRow['classification']; n: number }[]> {
  const rows = await filtered(db, w)
    .select(['a.kind', 'a.classification', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['a.kind', 'a.classification'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, classification: r.classification, n: Number(r.n) }));
}

export const findAssetById = (db: DB, id: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
export const findAssetByRef = (db: DB, ref: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('ref', '=', ref).executeTakeFirst();
export const findAssetByName = (db: DB, name: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('name', '=', name).executeTakeFirst();

/** An asset with its owner's name, email and status. */
export const findAssetWithOwner = async (db: DB, id: string): Promise<AssetListRow | undefined> => (await assetsWithOwners(db, [id]))[0];

/** Every asset with its owner's email; the import compares the whole inventory with the file. */
export const allAssetsWithOwnerEmail = (db: DB): Promise<(AssetRow & { owner_email: string | null })[]> =>
  db.selectFrom('assets as a').leftJoin('people as p', 'p.id', 'a.owner_id').selectAll('a').select('p.email as owner_email').execute();

/** Every dependency edge; the import checks the whole graph for cycles. */
export const allDependencies = (db: DB): Promise<{ asset_id: string; depends_on_id: string }[]> =>
  db.selectFrom('asset_dependencies').select(['asset_id', 'depends_on_id']).execute();

/** References that look automatic (AST-…), for picking the next one. */
export async function autoRefs(db: DB): Promise<string[]> {
  const rows = await db.selectFrom('assets').select('ref').where('ref', 'like', 'AST-%').execute();
  return rows.map((r) => r.ref);
}

export async function assetRefsByIds(db: DB, ids: string[]): Promise<AssetBrief[]> {
  const out: AssetBrief[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(...(await db.selectFrom('assets').select(['id', 'ref', 'name', 'status']).where('id', 'in', ids.slice(i, i + CHUNK)).execute()));
  }
  return out;
}

export async function assetRefsByRefs(db: DB, refs: string[]): Promise<AssetBrief[]> {
  const out: AssetBrief[] = [];
  for (let i = 0; i < refs.length; i += CHUNK) {
    out.push(...(await db.selectFrom('assets').select(['id', 'ref', 'name', 'status']).where('ref', 'in', refs.slice(i, i + CHUNK)).execute()));
  }
  return out;
}

/** For each of `ids`, the assets it depends on, ordered by reference. */
export async function dependenciesOf(db: DB, ids: string[]): Promise<(AssetBrief & { from_id: string })[]> {
  const out: (AssetBrief & { from_id: string })[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('asset_dependencies as d')
      .innerJoin('assets as t', 't.id', 'd.depends_on_id')
      .select(['d.asset_id as from_id', 't.id', 't.ref', 't.name', 't.status'])
      .where('d.asset_id', 'in', ids.slice(i, i + CHUNK))
      .orderBy(sql`length(t.ref)`)
      .orderBy('t.ref')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** The assets that depend directly on any of `ids`, with their C, I and A and the asset they depend on. */
export async function dependentsOf(db: DB, ids: string[]): Promise<(AssetBrief & Pick<AssetRow, 'confidentiality' | 'integrity' | 'availability'> & { via: string })[]> {
  const out: (AssetBrief & Pick<AssetRow, 'confidentiality' | 'integrity' | 'availability'> & { via: string })[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('asset_dependencies as d')
      .innerJoin('assets as s', 's.id', 'd.asset_id')
      .select(['d.depends_on_id as via', 's.id', 's.ref', 's.name', 's.status', 's.confidentiality', 's.integrity', 's.availability'])
      .where('d.depends_on_id', 'in', ids.slice(i, i + CHUNK))
      .orderBy(sql`length(s.ref)`)
      .orderBy('s.ref')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Direct dependencies of `ids` as an adjacency map, leaving out the edges of `except`. */
export async function dependencyEdges(db: DB, ids: string[], except: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('asset_dependencies')
      .select(['asset_id', 'depends_on_id'])
      .where('asset_id', 'in', ids.slice(i, i + CHUNK))
      .where('asset_id', '!=', except)
      .execute();
    for (const r of rows) out.set(r.asset_id, [...(out.get(r.asset_id) ?? []), r.depends_on_id]);
  }
  return out;
}

/** People who own at least one asset, with how many, for the owner filter (counted on the owner index). */
export async function ownersWithCounts(db: DB): Promise<{ id: string; name: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom((eb) => eb.selectFrom('assets').select(['owner_id', (c) => c.fn.countAll<number>().as('n')]).where('owner_id', 'is not', null).groupBy('owner_id').as('c'))
    .innerJoin('people as p', 'p.id', 'c.owner_id')
    .select(['p.id', 'p.name', 'p.status', 'c.n'])
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function insertAssets(db: DB, rows: NewAsset[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('assets')
      .values(rows.slice(i, i + 400).map((r) => ({ ...r, search_key: assetSearchKey(r) })))
      .execute();
  }
}

/** Updates `id`; pass the resulting ref, name and description so the search key stays in step. */
export async function updateAsset(db: DB, id: string, patch: Omit<Updateable<AssetsTable>, 'search_key'> & { ref: string; name: string; description: string | null }): Promise<void> {
  await db
    .updateTable('assets')
    .set({ ...patch, search_key: assetSearchKey(patch) })
    .where('id', '=', id)
    .execute();
}

/** Replaces what `assetId` depends on. */
export async function replaceDependencies(db: DB, assetId: string, targetIds: string[]): Promise<void> {
  await db.deleteFrom('asset_dependencies').where('asset_id', '=', assetId).execute();
  const rows = [...new Set(targetIds)].map((t) => ({ asset_id: assetId, depends_on_id: t }));
  for (let i = 0; i < rows.length; i += 400) await db.insertInto('asset_dependencies').values(rows.slice(i, i + 400)).execute();
}

/** Adds dependency edges in bulk (the import, after it removed the replaced ones). */
export async function insertDependencies(db: DB, edges: { asset_id: string; depends_on_id: string }[]): Promise<void> {
  for (let i = 0; i < edges.length; i += 400) await db.insertInto('asset_dependencies').values(edges.slice(i, i + 400)).execute();
}

export async function deleteDependenciesOf(db: DB, assetIds: string[]): Promise<void> {
  for (let i = 0; i < assetIds.length; i += CHUNK) await db.deleteFrom('asset_dependencies').where('asset_id', 'in', assetIds.slice(i, i + CHUNK)).execute();
}

// Writes that assign references or change dependencies serialise on this lock on PostgreSQL: two
// concurrent creates would otherwise pick the same next AST number, and two dependency changes
// could each pass the cycle check and together close a loop. SQLite writes one at a time anyway.
const INVENTORY_LOCK_KEY = 7_461_020;

/** Takes the inventory lock for the rest of the transaction (PostgreSQL only). */
export async function lockInventory(db: DB): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(${INVENTORY_LOCK_KEY})`.execute(db);
}

/** True for a unique-constraint failure on either dialect (a race on the same reference or name). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
