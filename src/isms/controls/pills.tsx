// The small status vocabulary of controls as pills: implementation status, review clock, effectiveness.
import { Pill, type PillTone } from '../../web/components.js';
import { formatDate, t } from '../../web/i18n.js';
import { daysBetween, type EffectivenessStatus, type ReviewState } from './rules.js';
import type { ControlStatus } from './schema.js';

const STATUS_TONE: Record<ControlStatus, PillTone> = { not_started: 'warn', planned: 'muted', in_progress: 'info', implemented: 'ok', not_applicable: 'muted' };

export const StatusPill = ({ status }: { status: ControlStatus }) => <Pill tone={STATUS_TONE[status]}>{t(`controls.status.${status}`)}</Pill>;

const EFFECTIVENESS_TONE: Record<EffectivenessStatus, PillTone> = { passing: 'ok', failing: 'bad', stale: 'warn', no_evidence: 'muted' };

export const EffectivenessPill = ({ status }: { status: EffectivenessStatus }) => <Pill tone={EFFECTIVENESS_TONE[status]}>{t(`controls.effectiveness.${status}`)}</Pill>;

/** The next review's date, with a pill when it is overdue or due soon (how many days, either way). */
/** `stacked` puts the pill under the date, for narrow table cells. */
export function NextReview({ next, state, today, stacked }: { next: string | null; state: ReviewState; today: string; stacked?: boolean }) {
  if (!next) return <span class="muted">{t('controls.review.not_scheduled')}</span>;
  const days = daysBetween(today, next);
  return (
    <span>
      <span class="nowrap">{formatDate(next)}</span>
      {stacked && state !== 'on_track' ? <br /> : ' '}
      {state === 'overdue' && <Pill tone="bad">{days === -1 ? t('controls.review.overdueByOne') : t('controls.review.overdueBy', { n: -days })}</Pill>}
      {state === 'due_soon' && <Pill tone="warn">{days === 0 ? t('controls.review.dueToday') : days === 1 ? t('controls.review.dueTomorrow') : t('controls.review.dueIn', { n: days })}</Pill>}
    </span>
  );
}
