// SoA queries. Only this file builds SQL for `soa_entries`, `soa_versions` and `soa_version_rows`.
import type { Insertable, Selectable } from 'kysely';
import type { DB } from '../../db/index.js';
import type { SoaEntriesTable, SoaVersionRowsTable, SoaVersionsTable } from './tables.js';

export type EntryRow = Selectable<SoaEntriesTable>;
export type VersionRow = Selectable<SoaVersionsTable>;
export type VersionRowRow = Selectable<SoaVersionRowsTable>;

const CHUNK = 500;

/** The typed facts for these requirements (one query per 500 ids); requirements without a row are absent. */
export async function entriesFor(db: DB, requirementIds: string[]): Promise<Map<string, EntryRow>> {
  const out = new Map<string, EntryRow>();
  for (let i = 0; i < requirementIds.length; i += CHUNK) {
    const rows = await db.selectFrom('soa_entries').selectAll().where('requirement_id', 'in', requirementIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(r.requirement_id, r);
  }
  return out;
}

export const findEntry = (db: DB, requirementId: string): Promise<EntryRow | undefined> =>
  db.selectFrom('soa_entries').selectAll().where('requirement_id', '=', requirementId).executeTakeFirst();

/** Writes a row's applicability and justification, creating the row on first edit. */
export async function upsertEntry(db: DB, row: Insertable<SoaEntriesTable>): Promise<EntryRow> {
  return db
    .insertInto('soa_entries')
    .values(row)
    .onConflict((oc) => oc.column('requirement_id').doUpdateSet({ applicable: row.applicable, justification: row.justification, updated_at: row.updated_at }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listVersions(db: DB, page: { limit: number; offset: number }): Promise<{ rows: VersionRow[]; total: number }> {
  const rows = await db.selectFrom('soa_versions').selectAll().orderBy('number', 'desc').limit(page.limit).offset(page.offset).execute();
  const { n } = await db
    .selectFrom('soa_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const versionByNumber = (db: DB, n: number): Promise<VersionRow | undefined> =>
  db.selectFrom('soa_versions').selectAll().where('number', '=', n).executeTakeFirst();

/** The newest approved version, or undefined while none is approved. */
export const latestApproved = (db: DB): Promise<VersionRow | undefined> =>
  db.selectFrom('soa_versions').selectAll().where('status', '=', 'approved').orderBy('number', 'desc').limit(1).executeTakeFirst();

/** The newest version of any status. */
export const latestVersion = (db: DB): Promise<VersionRow | undefined> =>
  db.selectFrom('soa_versions').selectAll().orderBy('number', 'desc').limit(1).executeTakeFirst();

export const versionRows = (db: DB, versionId: string): Promise<VersionRowRow[]> =>
  db.selectFrom('soa_version_rows').selectAll().where('version_id', '=', versionId).orderBy('sort_order').orderBy('control_id').execute();

export async function insertVersion(db: DB, version: Insertable<SoaVersionsTable>, rows: Insertable<SoaVersionRowsTable>[]): Promise<VersionRow> {
  const row = await db.insertInto('soa_versions').values(version).returningAll().executeTakeFirstOrThrow();
  // Ten columns a row: 50 rows a statement stays well inside every driver's parameter limit.
  for (let i = 0; i < rows.length; i += 50) await db.insertInto('soa_version_rows').values(rows.slice(i, i + 50)).execute();
  return row;
}

/** Marks every draft as replaced by version `by`; answers the numbers it replaced. */
export async function supersedeDrafts(db: DB, by: number): Promise<number[]> {
  const drafts = await db.selectFrom('soa_versions').select('number').where('status', '=', 'draft').orderBy('number').execute();
  if (!drafts.length) return [];
  await db.updateTable('soa_versions').set({ status: 'superseded', superseded_by: by }).where('status', '=', 'draft').execute();
  return drafts.map((d) => d.number);
}

/**
 * Approves a draft. The condition on status makes approval happen once: a version that is no longer
 * a draft (approved or superseded meanwhile) is left alone and the call answers undefined.
 */
export async function approveDraft(
  db: DB,
  id: string,
  fields: Pick<SoaVersionsTable, 'approved_at' | 'approved_by_user_id' | 'approved_by_name' | 'approved_by_title' | 'approved_by_role' | 'gaps_acknowledged'>,
): Promise<VersionRow | undefined> {
  return db
    .updateTable('soa_versions')
    .set({ ...fields, status: 'approved' })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
}

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
