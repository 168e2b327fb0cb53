// Control queries. Only this file builds SQL for `controls` and its link tables.
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

/** Which of `requirementIds` at least one control links to (for coverage figures). */
export async function linkedRequirementIds(db: DB, requirementIds: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < requirementIds.length; i += 500) {
    const rows = await db.selectFrom('control_requirements').select('requirement_id').distinct().where('requirement_id', 'in', requirementIds.slice(i, i + 500)).execute();
    out.push(...rows.map((r) => r.requirement_id));
  }
  return out;
}
