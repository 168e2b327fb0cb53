// Small parts every risk page shares: score and status pills, the register's tabs, matrix labels.
import { Pill, type PillTone } from '../../web/components.js';
import { currentLocale, formatDate, t } from '../../web/i18n.js';
import { BAND_TONE, bandOf, type Band, type MatrixConfig } from './matrix.js';
import type { ReviewState, ShownStatus, TaskDueState } from './rules.js';

/** A label of the matrix in the reader's language. */
export const inLocale = (l: { en: string; fi: string }): string => l[currentLocale()];

export const levelLabel = (m: MatrixConfig, axis: 'likelihood' | 'impact', level: number | null): string => {
  const l = level === null ? undefined : m[axis][level - 1];
  return l ? inLocale(l) : '—';
};

export const bandTone = (b: Band): PillTone => BAND_TONE[b.colour];

/** A score with its band, e.g. "16 · High": colour plus text. */
export function ScorePill({ matrix, score }: { matrix: MatrixConfig; score: number | null }) {
  if (score === null) return <span class="muted">{t('risks.notAssessed')}</span>;
  const band = bandOf(matrix, score);
  return <Pill tone={bandTone(band)}>{`${score} · ${inLocale(band.label)}`}</Pill>;
}

export function BandPill({ band }: { band: Band }) {
  return <Pill tone={bandTone(band)}>{inLocale(band.label)}</Pill>;
}

const STATUS_TONE: Record<ShownStatus, PillTone> = { open: 'info', treating: 'warn', accepted: 'ok', closed: 'muted', acceptance_expired: 'bad' };
export const StatusPill = ({ status }: { status: ShownStatus }) => <Pill tone={STATUS_TONE[status]}>{t(`risks.status.${status}`)}</Pill>;

const DUE_TONE: Record<TaskDueState, PillTone> = { done: 'ok', cancelled: 'muted', overdue: 'bad', due_soon: 'warn', on_track: 'info' };
export const DuePill = ({ state }: { state: TaskDueState }) => <Pill tone={DUE_TONE[state]}>{t(`risks.due.${state}`)}</Pill>;

const REVIEW_TONE: Record<ReviewState, PillTone> = { none: 'muted', scheduled: 'ok', due_soon: 'warn', overdue: 'bad' };
/** The next review with its state: "overdue since 12 Nov 2026" etc. */
export function ReviewPill({ state, due }: { state: ReviewState; due: string | null }) {
  if (state === 'none' || !due) return <span class="muted">—</span>;
  return (
    <span class="nowrap">
      {formatDate(due)} {state !== 'scheduled' && <Pill tone={REVIEW_TONE[state]}>{t(`risks.review.${state}`)}</Pill>}
    </span>
  );
}

export const TABS = ['register', 'overview', 'matrix'] as const;
const TAB_HREF: Record<(typeof TABS)[number], string> = { register: '/risks', overview: '/risks/overview', matrix: '/risks/matrix' };

/** The register's three views as tabs. */
export function RiskTabs({ current }: { current: (typeof TABS)[number] }) {
  return (
    <nav aria-label={t('risks.tabs')}>
      <ul class="tabs">
        {TABS.map((k) => (
          <li>
            <a href={TAB_HREF[k]} aria-current={k === current ? 'page' : undefined}>
              {t(`risks.tab.${k}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
