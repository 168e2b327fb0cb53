// The register at a glance: the inherent and residual heatmaps, the trend, and what needs someone soon.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { mutateUnlessUnchanged, peopleNames, Unchanged } from '../people/service.js';
import { bandOf, type RiskMatrix } from './matrix.js';
import * as repo from './repo.js';
import { addDays, DUE_SOON_DAYS, EXPIRING_DAYS, todayOf } from './rules.js';
import type { HeatmapOut, TrendOut } from './schema.js';
import { loadMatrix } from './service.js';
import { dailySeries } from './trend.js';
import type { RiskTrendTable } from './tables.js';

function grid(m: RiskMatrix, counts: { likelihood: number; impact: number; n: number }[]): HeatmapOut['inherent'] {
  const at = new Map(counts.map((c) => [`${c.likelihood}:${c.impact}`, c.n]));
  const cells: HeatmapOut['inherent'] = [];
  for (let l = 1; l <= m.likelihood.length; l++) {
    for (let i = 1; i <= m.impact.length; i++) cells.push({ likelihood: l, impact: i, score: l * i, band: bandOf(m, l * i).key, count: at.get(`${l}:${i}`) ?? 0 });
  }
  return cells;
}

/** Risks not closed per cell, inherent and residual; risks without a residual assessment are counted apart. */
export async function riskHeatmap(ctx: Ctx): Promise<HeatmapOut & { matrix: RiskMatrix }> {
  authorize(ctx.actor, 'risks.read');
  const matrix = await loadMatrix(ctx.db);
  const inherent = grid(matrix, await repo.cellCounts(ctx.db, 'inherent'));
  const residual = grid(matrix, await repo.cellCounts(ctx.db, 'residual'));
  const total = inherent.reduce((s, c) => s + c.count, 0);
  const assessed = residual.reduce((s, c) => s + c.count, 0);
  return { likelihood_levels: matrix.likelihood.length, impact_levels: matrix.impact.length, inherent, residual, residual_unassessed: total - assessed, total, matrix };
}

/** A daily series of the register over the last `days` days (see trend.ts). */
export async function riskTrend(ctx: Ctx, days: number): Promise<TrendOut> {
  authorize(ctx.actor, 'risks.read');
  const matrix = await loadMatrix(ctx.db);
  const today = todayOf(ctx.clock);
  const from = addDays(today, -(days - 1));
  const rows = await repo.trendSince(ctx.db, from);
  const c = await repo.registerCounts(ctx.db, today);
  return dailySeries(matrix, rows, { ...c, scores: JSON.stringify(c.scores) }, from, today);
}

export interface Attention {
  acceptances: { id: string; ref: string; title: string; owner_name: string | null; expires_on: string }[];
  tasks: { id: string; title: string; due_date: string; owner_name: string | null; risk_id: string; risk_ref: string; risk_title: string }[];
}

/** Acceptances lapsed or ending within 30 days, and treatment tasks overdue or due within two weeks. */
export async function needsAttention(ctx: Ctx, limit = 10): Promise<Attention> {
  authorize(ctx.actor, 'risks.read');
  const today = todayOf(ctx.clock);
  const acc = await repo.acceptancesEndingBy(ctx.db, addDays(today, EXPIRING_DAYS), limit);
  const tasks = await repo.tasksDueBy(ctx.db, addDays(today, DUE_SOON_DAYS), limit);
  const names = await peopleNames(ctx, [...acc.map((a) => a.owner_id), ...tasks.map((t) => t.owner_id)].filter((x): x is string => x !== null));
  return {
    acceptances: acc.map((a) => ({ id: a.id, ref: a.ref, title: a.title, owner_name: a.owner_id ? (names.get(a.owner_id) ?? null) : null, expires_on: a.acceptance_expires! })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, due_date: t.due_date, owner_name: t.owner_id ? (names.get(t.owner_id) ?? null) : null, risk_id: t.risk_id, risk_ref: t.risk_ref, risk_title: t.risk_title })),
  };
}

/**
 * Adds snapshots for days that have none (history kept elsewhere, e.g. the demo's past months).
 * Days already recorded are never overwritten; writing nothing records nothing.
 */
export async function importTrendHistory(ctx: Ctx, days: Omit<RiskTrendTable, 'updated_at'>[]): Promise<number> {
  authorize(ctx.actor, 'risks.configure');
  return mutateUnlessUnchanged(ctx, async (m) => {
    const known = await repo.trendDays(m.tx);
    const fresh = days.filter((d) => !known.has(d.day) && d.day < todayOf(ctx.clock));
    if (!fresh.length) return new Unchanged(0);
    for (const d of fresh) await repo.upsertTrend(m.tx, { ...d, updated_at: m.now });
    await m.record({ action: 'risk.trend_import', entityType: 'risk_trend', entityId: 'history', after: { days: fresh.map((d) => d.day) } });
    return fresh.length;
  });
}
