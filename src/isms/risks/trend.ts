// The register's trend: a snapshot of today's counts, written in the same transaction as every
// change that can move them (create, edit, accept, withdraw), and read back as a daily series.
import type { DB } from '../../db/index.js';
import { bandOf, type MatrixConfig } from './matrix.js';
import * as repo from './repo.js';
import { addDays } from './rules.js';
import type { TrendOut } from './schema.js';
import type { RiskTrendTable } from './tables.js';

/** Writes (or rewrites) today's snapshot from the register as it stands inside `tx`. */
export async function recordTrend(tx: DB, today: string, now: string): Promise<void> {
  const c = await repo.registerCounts(tx, today);
  await repo.upsertTrend(tx, { day: today, scores: JSON.stringify(c.scores), open: c.open, treating: c.treating, accepted: c.accepted, expired: c.expired, closed: c.closed, updated_at: now });
}

/** Counts per score mapped onto the matrix's current bands, so a matrix change re-bands the past too. */
export function bandCounts(m: MatrixConfig, scores: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(m.bands.map((b) => [b.key, 0]));
  for (const [score, n] of Object.entries(scores)) {
    const s = Number(score);
    if (Number.isInteger(s) && s >= 1) out[bandOf(m, s).key]! += Number(n) || 0;
  }
  return out;
}

type Snapshot = Omit<RiskTrendTable, 'day' | 'updated_at'>;

/**
 * One point per day from `from` to `today`. Days without a snapshot carry the previous one forward
 * (nothing changed that day); days before the first snapshot are left out; today is always live.
 */
export function dailySeries(m: MatrixConfig, rows: RiskTrendTable[], live: Snapshot, from: string, today: string): TrendOut {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  let carried: RiskTrendTable | undefined = rows.filter((r) => r.day < from).at(-1);
  const points: TrendOut['points'] = [];
  for (let day = from; day <= today; day = addDays(day, 1)) {
    const own = byDay.get(day);
    if (own) carried = own;
    const snap: Snapshot | undefined = day === today ? live : carried;
    if (!snap) continue;
    points.push({
      day,
      bands: bandCounts(m, JSON.parse(snap.scores) as Record<string, number>),
      open: Number(snap.open),
      treating: Number(snap.treating),
      accepted: Number(snap.accepted),
      expired: Number(snap.expired),
      closed: Number(snap.closed),
      recorded: day === today || own !== undefined,
    });
  }
  return { bands: m.bands.map((b) => b.key), points };
}
