// Asset queries. Only this file builds SQL for `assets` and `asset_dependencies`.
import type { DB } from '../../db/index.js';

export async function assetRefsByIds(db: DB, ids: string[]): Promise<{ id: string; ref: string; name: string; status: string }[]> {
  const out: { id: string; ref: string; name: string; status: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await db.selectFrom('assets').select(['id', 'ref', 'name', 'status']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
}

export async function assetRefsByRefs(db: DB, refs: string[]): Promise<{ id: string; ref: string; name: string; status: string }[]> {
  const out: { id: string; ref: string; name: string; status: string }[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    out.push(...(await db.selectFrom('assets').select(['id', 'ref', 'name', 'status']).where('ref', 'in', refs.slice(i, i + 500)).execute()));
  }
  return out;
}
