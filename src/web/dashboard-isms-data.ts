// The management system at a glance for the dashboard: the risk register by band, how many controls are
// implemented, the SoA's summary, and what the signed-in person has been asked to acknowledge.
import type { Ctx } from '../core/context.js';
import { controlsOverview } from '../isms/controls/read.js';
import { ControlsQuery } from '../isms/controls/schema.js';
import { myPending } from '../isms/policies/campaigns.js';
import type { PendingOut } from '../isms/policies/schema.js';
import type { Band } from '../isms/risks/matrix.js';
import { getMatrix } from '../isms/risks/matrix-service.js';
import { riskTrend } from '../isms/risks/overview-service.js';
import type { SoaSummary } from '../isms/soa/rules.js';
import { currentSoa } from '../isms/soa/service.js';

export interface RiskGlance {
  /** Risks not closed. */
  open: number;
  /** Risks not closed per band of their current score (residual where assessed), highest band first. */
  bands: { band: Band; count: number }[];
  /** Risks whose acceptance has lapsed. */
  expired: number;
}

export interface ControlGlance {
  /** Controls that apply (every status but not applicable). */
  total: number;
  implemented: number;
  reviewsOverdue: number;
}

export async function riskGlance(ctx: Ctx): Promise<RiskGlance> {
  const [matrix, trend] = await Promise.all([getMatrix(ctx), riskTrend(ctx, 1)]);
  const today = trend.points.at(-1);
  const bands = matrix.bands.map((band) => ({ band, count: today?.bands[band.key] ?? 0 })).reverse();
  return { open: bands.reduce((n, b) => n + b.count, 0), bands, expired: today?.expired ?? 0 };
}

export async function controlGlance(ctx: Ctx): Promise<ControlGlance> {
  const { counts } = await controlsOverview(ctx, ControlsQuery.parse({ limit: 1 }));
  const applying = counts.matrix.filter((c) => c.status !== 'not_applicable');
  return {
    total: applying.reduce((n, c) => n + c.n, 0),
    implemented: applying.filter((c) => c.status === 'implemented').reduce((n, c) => n + c.n, 0),
    reviewsOverdue: counts.byReview.overdue,
  };
}

export const soaGlance = async (ctx: Ctx): Promise<SoaSummary> => (await currentSoa(ctx)).summary;

/** Policies the caller has been asked to acknowledge and has not, soonest due first. */
export const pendingAcknowledgements = async (ctx: Ctx): Promise<PendingOut[]> => (await myPending(ctx)).items;
