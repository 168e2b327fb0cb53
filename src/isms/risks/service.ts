// Risk register use cases. The lookups at the top are what other areas (controls) call.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import * as repo from './repo.js';

/** A risk as other areas show it in a link. */
export interface RiskSummary {
  id: string;
  ref: string;
  title: string;
  status: string;
}

/** Risks by id, for validating and showing links; unknown ids are left out. */
export async function riskSummaries(ctx: Ctx, ids: string[]): Promise<Map<string, RiskSummary>> {
  authorize(ctx.actor, 'risks.read');
  const rows = await repo.riskRefsByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** For each asset id, the risks that concern it (ordered by ref); for the asset's page. */
export async function risksForAssets(ctx: Ctx, assetIds: string[]): Promise<Map<string, RiskSummary[]>> {
  authorize(ctx.actor, 'risks.read');
  const out = new Map<string, RiskSummary[]>(assetIds.map((id) => [id, []]));
  for (const r of await repo.risksOfAssets(ctx.db, [...new Set(assetIds)])) out.get(r.asset_id)?.push({ id: r.id, ref: r.ref, title: r.title, status: r.status });
  return out;
}

/** Risks by reference (`R-003`), keyed by reference, for forms that take references; unknown ones are left out. */
export async function riskSummariesByRefs(ctx: Ctx, refs: string[]): Promise<Map<string, RiskSummary>> {
  authorize(ctx.actor, 'risks.read');
  const rows = await repo.riskRefsByRefs(ctx.db, [...new Set(refs)]);
  return new Map(rows.map((r) => [r.ref, r]));
}
