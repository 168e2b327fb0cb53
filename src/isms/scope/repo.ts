// Scope statement queries and the area's reference counters. Only the area's *repo.ts files build SQL.
import { sql, type Insertable } from 'kysely';
import type { DB } from '../../db/index.js';
import type { ScopeRefCountersTable, ScopeStatementRow, ScopeStatementTable } from './tables.js';

/** The next human reference (CTX-001 …): counters only grow, so a deleted record's reference stays retired. */
export async function nextRef(db: DB, name: ScopeRefCountersTable['name']): Promise<string> {
  const row = await db
    .updateTable('scope_ref_counters')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('name', '=', name)
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${name}-${String(row.last).padStart(3, '0')}`;
}

/** Orders references by number: CTX-999 before CTX-1000. */
export const refOrder = (column: string) => sql`length(${sql.ref(column)})`;

export const findStatement = (db: DB, id: string): Promise<ScopeStatementRow | undefined> =>
  db.selectFrom('scope_statement').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertStatement(db: DB, row: Insertable<ScopeStatementTable>): Promise<void> {
  await db.insertInto('scope_statement').values(row).execute();
}

/** Writes a new version only if the stored one is still `version`; false when someone saved in between. */
export async function updateStatement(db: DB, row: ScopeStatementRow, version: number): Promise<boolean> {
  const { id, created_at: _created, ...rest } = row;
  const r = await db.updateTable('scope_statement').set(rest).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True for a unique-constraint failure on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
