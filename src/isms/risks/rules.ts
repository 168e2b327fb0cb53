// The register's rules as pure functions: status transitions and the states derived from dates
// (task due soon / overdue, acceptance valid / expiring / expired, review due). Dates are YYYY-MM-DD.
import { addDays } from '../../web/dates.js';
import type { RISK_STATUSES } from '../tables.js';
import type { TaskStatus } from './tables.js';

export type RiskStatus = (typeof RISK_STATUSES)[number];

/** Tasks and reviews within this many days are "due soon"; acceptances "expiring". */
export const DUE_SOON_DAYS = 14;
export const EXPIRING_DAYS = 30;

export { todayOf } from '../calendar.js';
export { addDays };

/**
 * Where a risk may go from each status by an edit. `accepted` is reached only by recording an
 * acceptance (which checks the criteria); leaving it ends the acceptance.
 */
export const TRANSITIONS: Record<RiskStatus, readonly RiskStatus[]> = {
  open: ['treating', 'closed'],
  treating: ['open', 'closed'],
  accepted: ['open', 'treating', 'closed'],
  closed: ['open'],
};

export const canMove = (from: RiskStatus, to: RiskStatus): boolean => from === to || TRANSITIONS[from].includes(to);

export type TaskDueState = 'done' | 'cancelled' | 'overdue' | 'due_soon' | 'on_track';

/** A task is overdue the day after its due date, due soon within two weeks of it. */
export function taskDueState(t: { status: TaskStatus; due_date: string }, today: string): TaskDueState {
  if (t.status === 'done' || t.status === 'cancelled') return t.status;
  if (t.due_date < today) return 'overdue';
  if (t.due_date <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'on_track';
}

export type AcceptanceState = 'valid' | 'expiring' | 'expired';

/** An acceptance holds through its expiry date and lapses the day after. */
export function acceptanceState(expiresOn: string, today: string): AcceptanceState {
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDays(today, EXPIRING_DAYS)) return 'expiring';
  return 'valid';
}

export type ReviewState = 'none' | 'scheduled' | 'due_soon' | 'overdue';
export type ReviewBasis = 'next_review' | 'acceptance_expired' | 'not_scheduled' | 'closed';

/**
 * When the risk must be reviewed next, and why. An accepted risk whose acceptance has lapsed is due
 * for review from the day after the expiry, even when its next review date is later.
 */
export function reviewState(
  r: { status: RiskStatus; next_review: string | null; acceptance_expires: string | null },
  today: string,
): { state: ReviewState; due: string | null; basis: ReviewBasis } {
  if (r.status === 'closed') return { state: 'none', due: null, basis: 'closed' };
  if (r.status === 'accepted' && r.acceptance_expires && r.acceptance_expires < today) {
    const lapsed = addDays(r.acceptance_expires, 1);
    if (!r.next_review || lapsed <= r.next_review) return { state: 'overdue', due: lapsed, basis: 'acceptance_expired' };
  }
  if (!r.next_review) return { state: 'none', due: null, basis: 'not_scheduled' };
  const state: ReviewState = r.next_review < today ? 'overdue' : r.next_review <= addDays(today, DUE_SOON_DAYS) ? 'due_soon' : 'scheduled';
  return { state, due: r.next_review, basis: 'next_review' };
}

/** The status a risk shows: an accepted risk whose acceptance lapsed shows as such. */
export type ShownStatus = RiskStatus | 'acceptance_expired';
export const shownStatus = (status: RiskStatus, acceptanceExpires: string | null, today: string): ShownStatus =>
  status === 'accepted' && acceptanceExpires !== null && acceptanceExpires < today ? 'acceptance_expired' : status;

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
