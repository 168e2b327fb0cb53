// Asset inventory use cases. The lookups at the top are what other areas (risks, controls) call.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import * as repo from './repo.js';

/** An asset as other areas show it in a link. */
export interface AssetSummary {
  id: string;
  ref: string;
  name: string;
  status: string;
}

/** Assets by id, for validating and showing links; unknown ids are left out. */
export async function assetSummaries(ctx: Ctx, ids: string[]): Promise<Map<string, AssetSummary>> {
  authorize(ctx.actor, 'assets.read');
  const rows = await repo.assetRefsByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Assets by their reference (`AST-001`), for demo data and imports that name assets; unknown refs are left out. */
export async function assetSummariesByRefs(ctx: Ctx, refs: string[]): Promise<Map<string, AssetSummary>> {
  authorize(ctx.actor, 'assets.read');
  const rows = await repo.assetRefsByRefs(ctx.db, [...new Set(refs)]);
  return new Map(rows.map((r) => [r.ref, r]));
}
