// Risk register queries. Only this file builds SQL for `risks`, `risk_assets` and the area's tables.
import type { DB } from '../../db/index.js';

export async function riskRefsByIds(db: DB, ids: string[]): Promise<{ id: string; ref: string; title: string; status: string }[]> {
  const out: { id: string; ref: string; title: string; status: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(...(await db.selectFrom('risks').select(['id', 'ref', 'title', 'status']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
}

/** Risks linked to any of `assetIds`, each with the asset it is linked to. */
export async function risksOfAssets(db: DB, assetIds: string[]): Promise<{ id: string; ref: string; title: string; status: string; asset_id: string }[]> {
  const out: { id: string; ref: string; title: string; status: string; asset_id: string }[] = [];
  for (let i = 0; i < assetIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('risk_assets as ra')
        .innerJoin('risks as r', 'r.id', 'ra.risk_id')
        .select(['r.id', 'r.ref', 'r.title', 'r.status', 'ra.asset_id'])
        .where('ra.asset_id', 'in', assetIds.slice(i, i + 500))
        .orderBy('r.ref')
        .execute()),
    );
  }
  return out;
}

/** Risks by reference (`R-003`), for areas whose forms take references. */
export async function riskRefsByRefs(db: DB, refs: string[]): Promise<{ id: string; ref: string; title: string; status: string }[]> {
  const out: { id: string; ref: string; title: string; status: string }[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    out.push(...(await db.selectFrom('risks').select(['id', 'ref', 'title', 'status']).where('ref', 'in', refs.slice(i, i + 500)).execute()));
  }
  return out;
}
