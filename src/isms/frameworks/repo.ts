// Framework and requirement queries. Only this file builds SQL for `frameworks` and `requirements`.
import type { DB } from '../../db/index.js';
import type { RequirementRow } from '../tables.js';

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
