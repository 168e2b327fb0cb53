// Small shared pieces of the policy pages: status pills, due-date phrases, the rendered document.
import { raw } from 'hono/html';
import { Pill, type PillTone } from '../../web/components.js';
import { addDays } from '../../web/dates.js';
import { formatDate, t } from '../../web/i18n.js';
import type { AckState, CampaignState, ReviewState } from './schema.js';
import type { PolicyLevel, VersionStatus } from './tables.js';

const VERSION_TONE: Record<VersionStatus, PillTone> = { draft: 'info', approved: 'warn', published: 'ok', superseded: 'muted' };
const REVIEW_TONE: Record<ReviewState, PillTone> = { none: 'muted', scheduled: 'ok', due_soon: 'warn', overdue: 'bad' };
const ACK_TONE: Record<AckState, PillTone> = { acknowledged: 'ok', pending: 'info', overdue: 'bad', left: 'muted' };
const CAMPAIGN_TONE: Record<CampaignState, PillTone> = { open: 'info', overdue: 'bad', complete: 'ok', superseded: 'muted' };

export const levelLabel = (l: PolicyLevel): string => t(`policies.level.${l}`);
export const VersionPill = ({ status }: { status: VersionStatus }) => <Pill tone={VERSION_TONE[status]}>{t(`policies.status.${status}`)}</Pill>;
export const ReviewPill = ({ state }: { state: ReviewState }) => <Pill tone={REVIEW_TONE[state]}>{t(`policies.review.${state}`)}</Pill>;
export const AckPill = ({ state }: { state: AckState }) => <Pill tone={ACK_TONE[state]}>{t(`policies.ack.${state}`)}</Pill>;
export const CampaignPill = ({ state }: { state: CampaignState }) => <Pill tone={CAMPAIGN_TONE[state]}>{t(`policies.campaign.status.${state}`)}</Pill>;

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative when past. */
export function daysFrom(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** "in 12 days", "today", "3 days ago": the countdown beside a date. */
export function relativeDay(today: string, date: string): string {
  const n = daysFrom(today, date);
  if (n === 0) return t('policies.days.today');
  if (n === 1) return t('policies.days.tomorrow');
  if (n > 0) return t('policies.days.in', { n });
  return n === -1 ? t('policies.days.yesterday') : t('policies.days.ago', { n: -n });
}

/** A date with its countdown: "12 Dec 2026 (in 17 days)". */
export const DueDate = ({ date, today }: { date: string; today: string }) => (
  <span class="nowrap">
    <time datetime={date}>{formatDate(date)}</time> <span class="muted">({relativeDay(today, date)})</span>
  </span>
);

/** A default due date for a new campaign: two weeks out. */
export const defaultDueDate = (today: string): string => addDays(today, 14);

/**
 * The document body. `html` is the sanitised HTML stored with the version (see markdown.ts): it
 * passed the allow-list when it was saved, which is why it may be inserted as it is.
 */
export const PolicyDocument = ({ html, label }: { html: string; label: string }) => (
  <article class="prose policy-doc" aria-label={label}>
    {raw(html)}
  </article>
);
