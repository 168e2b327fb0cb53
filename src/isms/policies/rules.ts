// Derived states of policies and campaigns, computed from recorded dates and facts; pure functions.
import { addDays } from '../../web/dates.js';
import { DUE_SOON_DAYS, type AckState, type CampaignState, type ReviewState } from './schema.js';

export { ORG_TIME_ZONE, todayOf } from '../calendar.js';

/** `date` plus `months` calendar months; the 31st becomes the month's last day when it has fewer. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The next review date: the last review (or publication) plus the interval; none before the first publication. */
export const nextReviewOf = (lastReviewed: string | null, intervalMonths: number): string | null => (lastReviewed ? addMonths(lastReviewed, intervalMonths) : null);

/** The last day that still counts as "due soon" when today is `today`. */
export const dueSoonUntil = (today: string): string => addDays(today, DUE_SOON_DAYS);

/** none: never published; overdue: the date has passed; due soon: within 30 days; scheduled otherwise. */
export function reviewState(nextReview: string | null, today: string): ReviewState {
  if (!nextReview) return 'none';
  if (nextReview < today) return 'overdue';
  if (nextReview <= dueSoonUntil(today)) return 'due_soon';
  return 'scheduled';
}

/** A person's state in a campaign: acknowledging counts even after leaving or after the due date. */
export function memberState(acknowledgedAt: string | null, personStatus: string, dueDate: string, today: string): AckState {
  if (acknowledgedAt) return 'acknowledged';
  if (personStatus === 'left') return 'left';
  return today > dueDate ? 'overdue' : 'pending';
}

export interface CampaignCounts {
  members: number;
  required: number;
  acknowledged: number;
  pending: number;
  overdue: number;
  left: number;
}

export function countStates(states: AckState[]): CampaignCounts {
  const c: CampaignCounts = { members: states.length, required: 0, acknowledged: 0, pending: 0, overdue: 0, left: 0 };
  for (const s of states) c[s]++;
  // People who left without acknowledging are no longer asked; those who acknowledged stay counted.
  c.required = c.members - c.left;
  return c;
}

/** superseded when a newer version is published; complete when everyone still asked has acknowledged. */
export function campaignState(versionNumber: number, publishedNumber: number | null, counts: CampaignCounts, dueDate: string, today: string): CampaignState {
  if (versionNumber !== publishedNumber) return 'superseded';
  if (counts.acknowledged >= counts.required) return 'complete';
  return today > dueDate ? 'overdue' : 'open';
}

/** How long a campaign waits between reminders. */
export const REMINDER_GAP_MS = 24 * 60 * 60 * 1000;

/** When the next reminder may go out, or null when it may go now. */
export function nextReminderFrom(lastSentAt: string | null, now: Date): string | null {
  if (!lastSentAt) return null;
  const next = Date.parse(lastSentAt) + REMINDER_GAP_MS;
  return next > now.getTime() ? new Date(next).toISOString() : null;
}
