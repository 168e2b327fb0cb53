// How objective values, targets, countdowns and status bases read, in the current language.
import { currentLocale, formatDate, formatNumber, t } from '../../web/i18n.js';
import './messages-objectives.js';
import { AT_RISK_WINDOW_DAYS, type StatusBasis } from './status.js';
import type { Direction } from './tables.js';

const intlLocale = () => (currentLocale() === 'fi' ? 'fi-FI' : 'en-GB');

/** Numbers and dates as everywhere else (web/i18n.ts caches the formatters). */
export { formatDate, formatNumber };

/** A value with its unit: "95%" (Finnish "95 %"), "12 days", or the bare number. */
export function formatValue(value: number, unit: string | null): string {
  const n = formatNumber(value);
  if (!unit) return n;
  if (unit === '%') return currentLocale() === 'fi' ? `${n}\u00a0%` : `${n}%`;
  return `${n}\u00a0${unit}`;
}

/** "≥ 95%" or "≤ 5%": the target with the side that meets it. */
export const targetShort = (target: number, direction: Direction, unit: string | null): string => `${direction === 'higher' ? '≥' : '≤'}\u00a0${formatValue(target, unit)}`;

/** "at least 95%" or "at most 5%". */
export const targetLong = (target: number, direction: Direction, unit: string | null): string => t(`scope.target.${direction}`, { value: formatValue(target, unit) });

const relCache = new Map<string, Intl.RelativeTimeFormat>();
/** "in 24 days", "tomorrow", "3 days ago" — Intl's words in the current language. */
export function relativeDays(days: number): string {
  const locale = intlLocale();
  let f = relCache.get(locale);
  if (!f) relCache.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return f.format(days, 'day');
}

export interface BasisSubject {
  target: number;
  direction: Direction;
  unit: string | null;
  due_date: string;
  current_value: number | null;
  previous_value: number | null;
}

/** The status's basis as one sentence: the figures and the clause of the rule that decided it. */
export function basisText(b: StatusBasis, o: BasisSubject): string {
  if (b.status === 'no_data' || o.current_value === null) return t('scope.basis.no_data', { due: formatDate(o.due_date), when: relativeDays(b.days_left) });
  const params = {
    current: formatValue(o.current_value, o.unit),
    target: targetLong(o.target, o.direction, o.unit),
    due: formatDate(o.due_date),
    when: relativeDays(b.days_left),
    window: AT_RISK_WINDOW_DAYS,
    previous: o.previous_value === null ? '' : formatValue(o.previous_value, o.unit),
  };
  if (b.status === 'met') return t('scope.basis.met', params);
  if (b.status === 'missed') return t('scope.basis.missed', params);
  if (b.status === 'on_track') return t('scope.basis.on_track', params);
  const soon = b.days_left <= AT_RISK_WINDOW_DAYS;
  return t(soon && b.worsened ? 'scope.basis.at_risk_both' : soon ? 'scope.basis.at_risk_due' : 'scope.basis.at_risk_worse', params);
}
