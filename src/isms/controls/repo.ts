// Control queries. Only this file builds SQL for `controls` and its link tables.
import { sql } from 'kysely';
import type { DB } from '../../db/index.js';
import type { ControlRow } from '../tables.js';

type Link = 'control_requirements' | 'control_risks' | 'control_assets';
const COLUMN = { control_requirements: 'requirement_id', control_risks: 'risk_id', control_assets: 'asset_id' } as const;

/** Controls linked through `table` to any of `targetIds`, each with the target it is linked to. */
export async function controlsLinkedTo(db: DB, table: Link, targetIds: string[]): Promise<(ControlRow & { target_id: string })[]> {
  const out: (ControlRow & { target_id: string })[] = [];
  const column = COLUMN[table];
  for (let i = 0; i < targetIds.length; i += 500) {
    const rows = await db
      .selectFrom(`${table} as l` as 'control_requirements as l')
      .innerJoin('controls as c', 'c.id', 'l.control_id')
      .selectAll('c')
      .select(`l.${column} as target_id` as 'l.requirement_id as target_id')
      .where(`l.${column}` as 'l.requirement_id', 'in', targetIds.slice(i, i + 500))
      .orderBy('c.ref')
      .execute();
    out.push(...rows);
  }
  return out;
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
