// Crypto policy queries. Only this file builds SQL for `crypto_policies` and `crypto_policy_versions`.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText } from '../../db/search.js';
import type { CryptoPoliciesTable, CryptoPolicyRow, CryptoPolicyVersionRow, CryptoPolicyVersionsTable, PolicyKind } from './tables.js';

export const POLICY_SORTS = ['name', 'kind', 'rule_count', 'updated_at'] as const;
export type PolicySort = (typeof POLICY_SORTS)[number];

export interface PolicyWhere {
  q?: string | undefined;
  kind?: PolicyKind | undefined;
  baselineId?: string | undefined;
}

/** The list's columns: everything but the rules themselves. */
const LIST_COLUMNS = ['id', 'kind', 'name', 'description', 'scope', 'version', 'revision', 'baseline_id', 'copied_from_id', 'rule_count', 'created_at', 'updated_at'] as const;
export type PolicyListRow = Pick<CryptoPolicyRow, (typeof LIST_COLUMNS)[number]> & { baseline_name: string | null };

function filtered(db: DB, w: PolicyWhere) {
  let q = db.selectFrom('crypto_policies as p').leftJoin('crypto_policies as b', 'b.id', 'p.baseline_id');
  if (w.q) q = q.where(containsText('p.search_key', w.q));
  if (w.kind) q = q.where('p.kind', '=', w.kind);
  if (w.baselineId) q = q.where('p.baseline_id', '=', w.baselineId);
  return q;
}

/** One page of policies, ordered by the sort column, then name and id so pages are stable. */
export async function listPolicyRows(
  db: DB,
  w: PolicyWhere,
  order: { sort: PolicySort; dir: 'asc' | 'desc' },
  page: { limit: number; offset: number } | null,
): Promise<{ rows: PolicyListRow[]; total: number }> {
  let q = filtered(db, w)
    .select(LIST_COLUMNS.map((c) => `p.${c}` as const))
    .select('b.name as baseline_name')
    .orderBy(`p.${order.sort}`, order.dir);
  if (order.sort !== 'name') q = q.orderBy('p.name');
  q = q.orderBy('p.id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const findPolicy = (db: DB, id: string): Promise<CryptoPolicyRow | undefined> => db.selectFrom('crypto_policies').selectAll().where('id', '=', id).executeTakeFirst();

/** Names of policies by id, for links (baseline, copied from). */
export async function policyNames(db: DB, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('crypto_policies').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const nameTaken = async (db: DB, name: string, exceptId: string | null): Promise<boolean> => {
  let q = db.selectFrom('crypto_policies').select('id').where('kind', '=', 'organisation').where('name', '=', name);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
};

export async function insertPolicy(db: DB, row: Insertable<CryptoPoliciesTable>): Promise<CryptoPolicyRow> {
  await db.insertInto('crypto_policies').values(row).execute();
  return (await findPolicy(db, row.id))!;
}

export async function updatePolicy(db: DB, id: string, patch: Updateable<CryptoPoliciesTable>): Promise<CryptoPolicyRow> {
  await db.updateTable('crypto_policies').set(patch).where('id', '=', id).execute();
  return (await findPolicy(db, id))!;
}

export const insertVersion = async (db: DB, row: Insertable<CryptoPolicyVersionsTable>): Promise<void> => {
  await db.insertInto('crypto_policy_versions').values(row).execute();
};

/** A policy's revisions, newest first. */
export const listVersions = (db: DB, policyId: string, limit = 50): Promise<CryptoPolicyVersionRow[]> =>
  db.selectFrom('crypto_policy_versions').selectAll().where('policy_id', '=', policyId).orderBy('revision', 'desc').limit(limit).execute();

export const findVersion = (db: DB, policyId: string, revision: number): Promise<CryptoPolicyVersionRow | undefined> =>
  db.selectFrom('crypto_policy_versions').selectAll().where('policy_id', '=', policyId).where('revision', '=', revision).executeTakeFirst();

export async function countByKind(db: DB): Promise<Record<PolicyKind, number>> {
  const rows = await db
    .selectFrom('crypto_policies')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  const out: Record<PolicyKind, number> = { baseline: 0, organisation: 0 };
  for (const r of rows) out[r.kind] = Number(r.n);
  return out;
}

/** True for a unique-constraint failure on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
