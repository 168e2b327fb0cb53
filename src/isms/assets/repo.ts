// Asset queries. Only this file builds SQL for `assets` and `asset_dependencies`. Lists join
// `people` for the owner's name, email and status: sorting and filtering by owner happen in SQL.
import { sql, type Insertable, type Updateable } from 'kysely';
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

function filtered(db: DB, w: AssetsWhere) {
  let q = db.selectFrom('assets as a').leftJoin('people as p', 'p.id', 'a.owner_id');
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
const CLASSIFICATION_RANK = sql<number>`case a.classification when 'public' then 1 when 'internal' then 2 when 'confidential' then 3 else 4 end`;

/** One page of assets matching `w` (all of them when `page` is null), ordered stably. */
export async function listAssetRows(db: DB, w: AssetsWhere, order: AssetsOrder, page: { limit: number; offset: number } | null): Promise<AssetListRow[]> {
  let q = filtered(db, w).selectAll('a').select(['p.name as owner_name', 'p.email as owner_email', 'p.status as owner_status']);
  switch (order.sort) {
    case 'ref':
      q = q.orderBy(sql`length(a.ref)`, order.dir).orderBy('a.ref', order.dir);
      break;
    case 'name':
      q = q.orderBy('a.name', order.dir);
      break;
    case 'kind':
      q = q.orderBy('a.kind', order.dir);
      break;
    case 'classification':
      q = q.orderBy(CLASSIFICATION_RANK, order.dir);
      break;
    case 'owner':
      // NULLS LAST on both dialects: SQLite and PostgreSQL disagree on the default.
      q = q.orderBy('p.name', (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
      break;
    case 'updated':
      q = q.orderBy('a.updated_at', order.dir);
      break;
  }
  if (order.sort !== 'ref') q = q.orderBy(sql`length(a.ref)`).orderBy('a.ref');
  q = q.orderBy('a.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  return (await q.execute()) as AssetListRow[];
}

export async function countAssets(db: DB, w: AssetsWhere): Promise<number> {
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** How many assets matching `w` have each value of `column`. */
export async function countAssetsBy<C extends 'kind' | 'classification'>(db: DB, w: AssetsWhere, column: C): Promise<Map<AssetRow[C], number>> {
  const rows = await filtered(db, w)
    .select([sql.ref<string>(`a.${column}`).as('value'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(`a.${column}`)
    .execute();
  return new Map(rows.map((r) => [r.value as AssetRow[C], Number(r.n)]));
}

export const findAssetById = (db: DB, id: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
export const findAssetByRef = (db: DB, ref: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('ref', '=', ref).executeTakeFirst();
export const findAssetByName = (db: DB, name: string): Promise<AssetRow | undefined> => db.selectFrom('assets').selectAll().where('name', '=', name).executeTakeFirst();

/** An asset with its owner's name, email and status. */
export const findAssetWithOwner = (db: DB, id: string): Promise<AssetListRow | undefined> =>
  db
    .selectFrom('assets as a')
    .leftJoin('people as p', 'p.id', 'a.owner_id')
    .selectAll('a')
    .select(['p.name as owner_name', 'p.email as owner_email', 'p.status as owner_status'])
    .where('a.id', '=', id)
    .executeTakeFirst() as Promise<AssetListRow | undefined>;

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

/** People who own at least one asset, with how many, for the owner filter. */
export async function ownersWithCounts(db: DB): Promise<{ id: string; name: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom('assets as a')
    .innerJoin('people as p', 'p.id', 'a.owner_id')
    .select(['p.id', 'p.name', 'p.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['p.id', 'p.name', 'p.status'])
    .orderBy('p.name')
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
