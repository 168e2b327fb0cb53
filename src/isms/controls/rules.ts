// The rules that derive a control's review clock and its effectiveness from recorded facts.
import { addDays } from '../../web/dates.js';

export { ORG_TIME_ZONE, dayOf, todayOf } from '../calendar.js';

/** A review falling due within this many days is "due soon". */
export const DUE_SOON_DAYS = 30;

/** Review intervals are whole days between one day and three years. */
export const MIN_INTERVAL_DAYS = 1;
export const MAX_INTERVAL_DAYS = 1095;
export const DEFAULT_INTERVAL_DAYS = 365;

export const REVIEW_STATES = ['overdue', 'due_soon', 'on_track', 'not_scheduled'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * The next review: the latest review's day plus the interval, or, for a control never reviewed,
 * the day it was added plus the interval (a new control is first reviewed one interval later).
 */
export function nextReviewOf(lastReviewed: string | null, createdOn: string, intervalDays: number): string {
  return addDays(lastReviewed ?? createdOn, intervalDays);
}

/** Whole days from `today` to `date` (negative when `date` has passed). */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Overdue once the next review's day has passed; due soon within DUE_SOON_DAYS of it. */
export function reviewStateOf(nextReview: string | null, today: string): ReviewState {
  if (!nextReview) return 'not_scheduled';
  if (nextReview < today) return 'overdue';
  if (nextReview <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return 'on_track';
}

/** The day bounds the list's review filter compares `next_review` with. */
export const reviewBounds = (today: string) => ({ today, soonUntil: addDays(today, DUE_SOON_DAYS) });

/**
 * Effectiveness is the evidence issue's to compute (checks on fresh evidence). Until evidence can be
 * collected every control says so, with what the statement rests on, rather than a made-up status.
 */
export const EFFECTIVENESS_STATUSES = ['passing', 'failing', 'stale', 'no_evidence'] as const;
export type EffectivenessStatus = (typeof EFFECTIVENESS_STATUSES)[number];

export const NO_EVIDENCE_EXPLANATION =
  'No evidence is linked to this control yet. Effectiveness will be computed from evidence and control checks once they are collected; until then Kilpi does not guess.';

export interface Effectiveness {
  status: EffectivenessStatus;
  basis: { evidence_items: number; latest_evidence_at: string | null; explanation: string };
}

export const effectivenessOf = (): Effectiveness => ({
  status: 'no_evidence',
  basis: { evidence_items: 0, latest_evidence_at: null, explanation: NO_EVIDENCE_EXPLANATION },
});
