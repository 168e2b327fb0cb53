// The management system row of the dashboard: the risk register by band, controls implemented, and
// the Statement of Applicability's coverage, each linking to the page with the detail.
import type { SoaSummary } from '../isms/soa/rules.js';
import { BandPill } from '../isms/risks/view-parts.js';
import { CompletionBar, percent } from './charts.js';
import { Stat } from './components.js';
import type { Panel } from './dashboard-data.js';
import type { ControlGlance, RiskGlance } from './dashboard-isms-data.js';
import { formatNumber, t } from './i18n.js';
import type { Child } from 'hono/jsx';

/** A panel that could not be read: says so, with the request id the log has the cause under. */
export function Unavailable({ requestId }: { requestId: string }) {
  return (
    <p class="chart-empty" role="status">
      {t('dash.unavailable')} <code>{requestId}</code>
    </p>
  );
}

export const unavailableStat = (label: string, requestId: string) => <Stat label={label} value="—" detail={<Unavailable requestId={requestId} />} />;

/** A completion bar with, when something needs attention, a link to exactly those records. */
function BarAndAttention({ part, total, label, attention }: { part: number; total: number; label: string; attention: { n: number; href: string; text: string } }) {
  return (
    <>
      <CompletionBar part={part} total={total} label={label} />
      {attention.n > 0 && (
        <a class="stat-warn" href={attention.href}>
          {attention.text}
        </a>
      )}
    </>
  );
}

export function RiskStat({ p, requestId }: { p: Panel<RiskGlance>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.risks.label'), requestId);
  const r = p.data;
  const detail: Child = (
    <>
      <span class="band-counts">
        {r.bands.map((b) => (
          <a href={`/risks?band=${encodeURIComponent(b.band.key)}&status=active`}>
            <BandPill band={b.band} /> {formatNumber(b.count)}
          </a>
        ))}
      </span>
      {r.expired > 0 && <span class="stat-warn">{t('dash.risks.expired', { n: formatNumber(r.expired) })}</span>}
    </>
  );
  return <Stat label={t('dash.risks.label')} value={formatNumber(r.open)} detail={detail} link={{ href: '/risks/overview', label: t('dash.risks.link') }} />;
}

export function ControlStat({ p, requestId }: { p: Panel<ControlGlance>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.controls.label'), requestId);
  const c = p.data;
  return (
    <Stat
      label={t('dash.controls.label')}
      value={formatNumber(c.implemented)}
      detail={
        <BarAndAttention
          part={c.implemented}
          total={c.total}
          label={t('dash.controls.detail', { n: formatNumber(c.implemented), total: formatNumber(c.total), pct: percent(c.implemented, c.total) })}
          attention={{ n: c.reviewsOverdue, href: '/controls?review=overdue', text: t('dash.controls.overdue', { n: formatNumber(c.reviewsOverdue) }) }}
        />
      }
      link={{ href: '/controls', label: t('dash.controls.link') }}
    />
  );
}

export function SoaStat({ p, requestId }: { p: Panel<SoaSummary>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.soa.label'), requestId);
  const s = p.data;
  if (s.total === 0) return <Stat label={t('dash.soa.label')} value="—" detail={t('dash.soa.none')} link={{ href: '/frameworks', label: t('dash.soa.frameworks') }} />;
  return (
    <Stat
      label={t('dash.soa.label')}
      value={`${percent(s.implemented, s.applicable)} %`}
      detail={
        <BarAndAttention
          part={s.implemented}
          total={s.applicable}
          label={t('dash.soa.detail', { n: formatNumber(s.implemented), total: formatNumber(s.applicable) })}
          attention={{ n: s.with_gaps, href: '/soa?gap=any', text: t('dash.soa.gaps', { n: formatNumber(s.with_gaps) }) }}
        />
      }
      link={{ href: '/soa', label: t('dash.soa.link') }}
    />
  );
}
