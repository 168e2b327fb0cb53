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
