// The SoA's summary as a server-rendered SVG bar (implemented, partial, not implemented, excluded)
// with a legend of counts that link to the matching filter, and a table for screen readers.
import { formatNumber, t } from '../../web/i18n.js';
import type { SoaSummary } from './rules.js';

const SEGMENTS = ['implemented', 'partially_implemented', 'not_implemented', 'not_applicable'] as const;

const countOf = (s: SoaSummary, seg: (typeof SEGMENTS)[number]) => (seg === 'not_applicable' ? s.excluded : s[seg]);

/** `base` is the page the legend's filter links go to (e.g. /soa); null for a read-only summary. */
export function SummaryBar({ summary, id, base }: { summary: SoaSummary; id: string; base: string | null }) {
  const total = Math.max(1, summary.total);
  let x = 0;
  const link = (query: string, text: string) => (base ? <a href={`${base}?${query}`}>{text}</a> : text);
  return (
    <figure class="soa-summary">
      <svg class="soa-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false">
        <title id={`${id}-t`}>{t('soa.summary.title')}</title>
        <desc id={`${id}-d`}>
          {t('soa.summary.desc', {
            total: summary.total,
            implemented: summary.implemented,
            partial: summary.partially_implemented,
            notImplemented: summary.not_implemented,
            excluded: summary.excluded,
          })}
        </desc>
        <rect class="soa-track" x={0} y={0} width={1000} height={24} rx={4} />
        {SEGMENTS.map((seg) => {
          const w = (countOf(summary, seg) / total) * 1000;
          const r = <rect class={`soa-seg soa-seg--${seg}`} x={Math.round(x * 10) / 10} y={0} width={Math.round(w * 10) / 10} height={24} />;
          x += w;
          return w > 0 ? r : null;
        })}
      </svg>
      <ul class="soa-legend">
        <li>
          <strong>{formatNumber(summary.applicable)}</strong> {link('applicable=true', t('soa.summary.applicable'))}
        </li>
        <li>
          <span class="soa-key soa-key--not_applicable" aria-hidden="true" />
          <strong>{formatNumber(summary.excluded)}</strong> {link('applicable=false', t('soa.summary.excluded'))}
        </li>
        <li>
          <span class="soa-key soa-key--implemented" aria-hidden="true" />
          <strong>{formatNumber(summary.implemented)}</strong> {link('status=implemented', t('soa.status.implemented'))}
        </li>
        <li>
          <span class="soa-key soa-key--partially_implemented" aria-hidden="true" />
          <strong>{formatNumber(summary.partially_implemented)}</strong> {link('status=partially_implemented', t('soa.status.partially_implemented'))}
        </li>
        <li>
          <span class="soa-key soa-key--not_implemented" aria-hidden="true" />
          <strong>{formatNumber(summary.not_implemented)}</strong> {link('status=not_implemented', t('soa.status.not_implemented'))}
        </li>
        <li class={summary.with_gaps ? 'soa-legend-gaps' : undefined}>
          <strong>{formatNumber(summary.with_gaps)}</strong> {link('gap=any', t('soa.summary.gaps'))}
        </li>
      </ul>
    </figure>
  );
}
