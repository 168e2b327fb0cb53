// Derived states of this area, computed from recorded facts: an objective's status and the scope's review clock.
import type { Direction } from './tables.js';

/** Worst first: the order lists sort by. */
export const OBJECTIVE_STATUSES = ['missed', 'at_risk', 'no_data', 'on_track', 'met'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

/** An objective not met this close to its due date is at risk. */
export const AT_RISK_WINDOW_DAYS = 30;
/** A scope review this close is due soon. */
export const REVIEW_SOON_DAYS = 30;

export interface ObjectiveFacts {
  target: number;
  direction: Direction;
  /** The latest measurement; null when none is recorded. */
  current: number | null;
  /** The measurement before the latest, to tell whether the latest moved away from the target. */
  previous: number | null;
  /** YYYY-MM-DD */
  due_date: string;
}

/** The status and every fact it was decided on, so pages and the API can show the basis. */
export interface StatusBasis {
  status: ObjectiveStatus;
  /** The latest value meets the target (at least it when higher is better, at most it when lower is). */
  meets: boolean;
  /** Calendar days from today to the due date; negative once it has passed. */
  days_left: number;
  /** The latest measurement is further from the target than the one before it. */
  worsened: boolean;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const meetsTarget = (value: number, target: number, direction: Direction): boolean => (direction === 'higher' ? value >= target : value <= target);

/** True when `current` is further from the target's side than `previous` was. */
export const movedAway = (current: number, previous: number, direction: Direction): boolean => (direction === 'higher' ? current < previous : current > previous);

/**
 * The status rule, in order:
 * 1. no_data  — no measurement is recorded yet;
 * 2. met      — the latest value meets the target (≥ target when higher is better, ≤ when lower is);
 * 3. missed   — not met, and the due date has passed;
 * 4. at_risk  — not met, and the due date is at most 30 days away, or the latest measurement moved
 *               away from the target compared with the one before it;
 * 5. on_track — not met, more than 30 days left, and not moving away from the target.
 * `objectiveStatusSql` in objectives-repo.ts is the same rule in SQL; a test holds them together.
 */
export function objectiveStatus(f: ObjectiveFacts, today: string): StatusBasis {
  const days_left = daysBetween(today, f.due_date);
  if (f.current === null) return { status: 'no_data', meets: false, days_left, worsened: false };
  const meets = meetsTarget(f.current, f.target, f.direction);
  const worsened = f.previous !== null && movedAway(f.current, f.previous, f.direction);
  if (meets) return { status: 'met', meets, days_left, worsened };
  if (days_left < 0) return { status: 'missed', meets, days_left, worsened };
  if (days_left <= AT_RISK_WINDOW_DAYS || worsened) return { status: 'at_risk', meets, days_left, worsened };
  return { status: 'on_track', meets, days_left, worsened };
}

export const REVIEW_STATUSES = ['not_scheduled', 'scheduled', 'due_soon', 'overdue'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The scope review's clock: overdue after its date, due soon within 30 days, scheduled before that. */
export function reviewStatus(nextReview: string | null, today: string): { status: ReviewStatus; days_left: number | null } {
  if (!nextReview) return { status: 'not_scheduled', days_left: null };
  const days_left = daysBetween(today, nextReview);
  const status = days_left < 0 ? 'overdue' : days_left <= REVIEW_SOON_DAYS ? 'due_soon' : 'scheduled';
  return { status, days_left };
}
