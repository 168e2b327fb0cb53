// The register at a glance: inherent and residual heatmaps side by side (cells link to the list), the
// trend of the last months, and the acceptances and tasks that need someone soon.
import { GridHeatmap, type GridCell } from '../../web/charts-grid.js';
import { StackedAreaChart } from '../../web/charts-trend.js';
import { Card, PageHeader, Pill, Stat } from '../../web/components.js';
import { formatDate, formatNumber, t } from '../../web/i18n.js';
import type { RiskMatrix } from './matrix.js';
import type { Attention } from './overview-service.js';
import type { HeatmapOut, TrendOut } from './schema.js';
import { BandPill, inLocale, levelLabel, RiskTabs } from './view-parts.js';

export interface OverviewProps {
  matrix: RiskMatrix;
  heat: HeatmapOut;
  trend: TrendOut;
  attention: Attention;
  today: string;
}

function Heatmap({ matrix, heat, basis }: { matrix: RiskMatrix; heat: HeatmapOut; basis: 'inherent' | 'residual' }) {
  const L = matrix.likelihood.length;
  const cells: GridCell[] = heat[basis].map((c) => {
    const band = matrix.bands.find((b) => b.key === c.band)!;
    return {
      row: L - c.likelihood,
      col: c.impact - 1,
      count: c.count,
      tone: band.colour,
      href: `/risks?basis=${basis}&likelihood=${c.likelihood}&impact=${c.impact}&status=active`,
      label: t('risks.heat.cell', { likelihood: levelLabel(matrix, 'likelihood', c.likelihood), impact: levelLabel(matrix, 'impact', c.impact), score: c.score, band: inLocale(band.label) }),
    };
  });
  const total = heat[basis].reduce((s, c) => s + c.count, 0);
  return (
    <div>
      <h3>{t(`risks.heat.${basis}`)}</h3>
      <p class="muted small">{basis === 'inherent' ? t('risks.heat.inherentHint') : t('risks.heat.residualHint', { n: heat.residual_unassessed })}</p>
      <GridHeatmap
        id={`heat-${basis}`}
        title={t(`risks.heat.${basis}`)}
        description={t('risks.heat.desc', { n: total })}
        rows={matrix.likelihood.map((l) => inLocale(l)).reverse()}
        cols={matrix.impact.map((l) => inLocale(l))}
        rowAxis={t('risks.field.likelihood')}
        colAxis={t('risks.field.impact')}
        cells={cells}
        cellName={(c) => t('risks.heat.cellName', { label: c.label, n: c.count })}
      />
    </div>
  );
}

export function OverviewView({ matrix, heat, trend, attention, today }: OverviewProps) {
  const last = trend.points.at(-1);
  const top = matrix.bands.at(-1)!;
  return (
    <>
      <PageHeader title={t('risks.overview.title')} subtitle={t('risks.overview.subtitle')} />
      <RiskTabs current="overview" />
      <div class="stats">
        <Stat label={t('risks.overview.live')} value={formatNumber(heat.total)} detail={t('risks.overview.liveDetail', { n: heat.residual_unassessed })} link={{ href: '/risks?status=active', label: t('risks.overview.open') }} />
        <Stat
          label={t('risks.overview.topBand', { band: inLocale(top.label) })}
          value={formatNumber(last?.bands[top.key] ?? 0)}
          detail={t('risks.overview.topBandDetail')}
          link={{ href: `/risks?band=${top.key}&status=active`, label: t('risks.overview.open') }}
        />
        <Stat label={t('risks.overview.accepted')} value={formatNumber(last?.accepted ?? 0)} detail={t('risks.overview.expired', { n: last?.expired ?? 0 })} link={{ href: '/risks?status=expired', label: t('risks.overview.openExpired') }} />
      </div>
      <Card title={t('risks.heat.title')} labelledBy="heat-h">
        <div class="heatmaps">
          <Heatmap matrix={matrix} heat={heat} basis="inherent" />
          <Heatmap matrix={matrix} heat={heat} basis="residual" />
        </div>
        <ul class="legend" aria-label={t('risks.heat.legend')}>
          {matrix.bands.map((b, i) => {
            const next = matrix.bands[i + 1];
            return (
              <li>
                <BandPill band={b} /> {next ? t('risks.heat.range', { from: b.min_score, to: next.min_score - 1 }) : t('risks.heat.rangeTop', { from: b.min_score })}
              </li>
            );
          })}
        </ul>
      </Card>
      <Card title={t('risks.trend.title')} labelledBy="trend-h">
        <p class="muted small">{t('risks.trend.hint')}</p>
        <StackedAreaChart
          id="risk-trend"
          title={t('risks.trend.title')}
          description={t('risks.trend.desc', { from: formatDate(trend.points[0]?.day), to: formatDate(today), n: heat.total })}
          days={trend.points.map((p) => p.day)}
          series={matrix.bands.map((b) => ({ key: b.key, label: inLocale(b.label), tone: b.colour, values: trend.points.map((p) => p.bands[b.key] ?? 0) }))}
          dayHeader={t('risks.trend.day')}
          empty={<p>{t('risks.trend.empty')}</p>}
        />
      </Card>
      <div class="grid-2">
        <Card title={t('risks.attention.acceptances')} labelledBy="att-acc-h">
          {attention.acceptances.length ? (
            <ul class="plain">
              {attention.acceptances.map((a) => (
                <li>
                  <a href={`/risks/${a.id}`}>
                    <span class="mono">{a.ref}</span> {a.title}
                  </a>{' '}
                  <Pill tone={a.expires_on < today ? 'bad' : 'warn'}>{a.expires_on < today ? t('risks.attention.lapsed', { date: formatDate(a.expires_on) }) : t('risks.attention.ends', { date: formatDate(a.expires_on) })}</Pill>
                  {a.owner_name && <span class="sub">{a.owner_name}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('risks.attention.noAcceptances')}</p>
          )}
        </Card>
        <Card title={t('risks.attention.tasks')} labelledBy="att-tasks-h">
          {attention.tasks.length ? (
            <ul class="plain">
              {attention.tasks.map((task) => (
                <li>
                  <a href={`/risks/${task.risk_id}#plan`}>
                    <span class="mono">{task.risk_ref}</span> {task.title}
                  </a>{' '}
                  <Pill tone={task.due_date < today ? 'bad' : 'warn'}>{task.due_date < today ? t('risks.attention.overdue', { date: formatDate(task.due_date) }) : t('risks.attention.due', { date: formatDate(task.due_date) })}</Pill>
                  {task.owner_name && <span class="sub">{task.owner_name}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('risks.attention.noTasks')}</p>
          )}
        </Card>
      </div>
    </>
  );
}
