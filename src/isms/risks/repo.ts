// Risk register queries. Only this file builds SQL for `risks`, `risk_assets` and the area's tables.
import type { DB } from '../../db/index.js';

export async function riskRefsByIds(db: DB, ids: string[]): Promise<{ id: string; ref: string; title: string; status: string }[]> {
  const out: { id: string; ref: string; title: string; status: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await db.selectFrom('risks').select(['id', 'ref', 'title', 'status']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
}
