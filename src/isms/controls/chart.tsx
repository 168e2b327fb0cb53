// Controls by level × status as a small server-rendered SVG grid, with a data table for screen readers.
import { formatNumber, t } from '../../web/i18n.js';
import { truncate } from '../../web/charts.js';
import type { ControlCounts } from './read.js';
import { CONTROL_LEVELS, CONTROL_STATUSES } from './schema.js';

const LABEL_W = 150;
const COL_W = 84;
const HEAD_H = 34;
const ROW_H = 44;
const BAR_H = 10;
const PAD = 8;

/** One row per level, one column per status: each cell the count and a bar scaled to the largest cell. */
export function LevelStatusChart({ matrix }: { matrix: ControlCounts['matrix'] }) {
  const total = matrix.reduce((s, c) => s + c.n, 0);
  if (total === 0) return <div class="chart-empty">{t('controls.chart.empty')}</div>;
  const count = (level: string, status: string) => matrix.find((c) => c.level === level && c.status === status)?.n ?? 0;
  const max = Math.max(1, ...matrix.map((c) => c.n));
  const width = LABEL_W + COL_W * CONTROL_STATUSES.length;
  const height = HEAD_H + ROW_H * CONTROL_LEVELS.length;
  const barW = COL_W - 2 * PAD;
  return (
    <figure class="chart">
      <svg class="chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="ctl-chart-t ctl-chart-d" focusable="false" preserveAspectRatio="xMinYMin meet">
        <title id="ctl-chart-t">{t('controls.chart.title')}</title>
        <desc id="ctl-chart-d">{t('controls.chart.description', { n: formatNumber(total) })}</desc>
        {CONTROL_STATUSES.map((s, i) => (
          <text class="chart-value" x={LABEL_W + i * COL_W + PAD} y={HEAD_H - 12}>
            {truncate(t(`controls.status.${s}`), 14)}
          </text>
        ))}
        <line class="chart-axis" x1={0} x2={width} y1={HEAD_H - 0.5} y2={HEAD_H - 0.5} />
        {CONTROL_LEVELS.map((level, row) => {
          const y = HEAD_H + row * ROW_H;
          return (
            <g class="chart-row">
              <text class="chart-label" x={0} y={y + 26}>
                {truncate(t(`controls.level.${level}`), 22)}
              </text>
              {CONTROL_STATUSES.map((status, col) => {
                const n = count(level, status);
                const x = LABEL_W + col * COL_W + PAD;
                const w = n === 0 ? 0 : Math.max(2, Math.round((n / max) * barW));
                return (
                  <g>
                    <title>{`${t(`controls.level.${level}`)}, ${t(`controls.status.${status}`)}: ${formatNumber(n)}`}</title>
                    <text class="chart-label" x={x} y={y + 18}>
                      {formatNumber(n)}
                    </text>
                    <rect class="chart-track" x={x} y={y + 25} width={barW} height={BAR_H} rx={3} />
                    {w > 0 && <rect class="chart-bar" x={x} y={y + 25} width={w} height={BAR_H} rx={3} />}
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div class="visually-hidden">
        <table>
          <caption>{t('controls.chart.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('controls.field.level')}</th>
              {CONTROL_STATUSES.map((s) => (
                <th scope="col">{t(`controls.status.${s}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CONTROL_LEVELS.map((level) => (
              <tr>
                <th scope="row">{t(`controls.level.${level}`)}</th>
                {CONTROL_STATUSES.map((s) => (
                  <td>{formatNumber(count(level, s))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
