// A stacked area chart over days as server-rendered inline SVG (e.g. risks per band over time), with
// a legend in words and a visually hidden table of the figures (weekly, plus the last day).
import type { Child } from 'hono/jsx';
import { formatDate, formatNumber } from './i18n.js';

export interface TrendSeries {
  key: string;
  label: string;
  /** A colour name styled by app.css (`.trend-area--<tone>`). */
  tone: string;
  /** One value per day, aligned with `days`. */
  values: number[];
}

export interface StackedAreaProps {
  id: string;
  title: string;
  description: string;
  /** YYYY-MM-DD, oldest first. */
  days: string[];
  /** Bottom of the stack first. */
  series: TrendSeries[];
  dayHeader: string;
  /** Shown instead of the chart when there are fewer than two days to draw. */
  empty: Child;
}

const W = 640;
const H = 220;
const LEFT = 40;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

const safeId = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'trend';
const safeTone = (s: string) => s.replace(/[^a-z]/g, '') || 'grey';
const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
const r1 = (n: number) => Math.round(n * 10) / 10;

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `v`. */
function niceMax(v: number): number {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function StackedAreaChart(p: StackedAreaProps) {
  if (p.days.length < 2) return <div class="chart-empty">{p.empty}</div>;
  const id = safeId(p.id);
  const n = p.days.length;
  const totals = p.days.map((_, i) => p.series.reduce((s, x) => s + clean(x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const x = (i: number) => r1(LEFT + (i / (n - 1)) * (W - LEFT - RIGHT));
  const y = (v: number) => r1(TOP + (1 - v / max) * (H - TOP - BOTTOM));
  const below = p.days.map(() => 0);
  const areas = p.series.map((s) => {
    const lower = [...below];
    const upper = lower.map((b, i) => b + clean(s.values[i] ?? 0));
    upper.forEach((u, i) => (below[i] = u));
    const top = upper.map((u, i) => `${x(i)},${y(u)}`).join(' L');
    const bottom = lower.map((l, i) => `${x(i)},${y(l)}`).reverse().join(' L');
    return { s, d: `M${top} L${bottom} Z`, line: `M${top}` };
  });
  const ticks = [0, max / 2, max];
  const labelDays = [0, Math.floor((n - 1) / 2), n - 1];
  const tableRows = p.days.map((d, i) => ({ d, i })).filter(({ i }) => (n - 1 - i) % 7 === 0);
  return (
    <figure class="chart trend-chart">
      <svg class="trend-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        {ticks.map((tv) => (
          <>
            <line class="trend-grid" x1={LEFT} x2={W - RIGHT} y1={y(tv)} y2={y(tv)} />
            <text class="chart-value" x={LEFT - 6} y={y(tv)} text-anchor="end" dominant-baseline="middle">
              {formatNumber(tv)}
            </text>
          </>
        ))}
        {areas.map((a) => (
          <g class={`trend-area trend-area--${safeTone(a.s.tone)}`} data-series={a.s.key}>
            <title>{a.s.label}</title>
            <path class="trend-fill" d={a.d} />
            <path class="trend-line" d={a.line} />
          </g>
        ))}
        {labelDays.map((i) => (
          <text class="chart-label" x={x(i)} y={H - 8} text-anchor={i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}>
            {formatDate(p.days[i])}
          </text>
        ))}
      </svg>
      <ul class="legend" aria-hidden="true">
        {[...p.series].reverse().map((s) => (
          <li>
            <svg class="legend-swatch" viewBox="0 0 12 12" focusable="false">
              <g class={`trend-area--${safeTone(s.tone)}`}>
                <rect class="trend-fill" width={12} height={12} rx={2} />
              </g>
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <div class="visually-hidden">
        <table>
          <caption>{p.title}</caption>
          <thead>
            <tr>
              <th scope="col">{p.dayHeader}</th>
              {p.series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tableRows.map(({ d, i }) => (
              <tr>
                <th scope="row">{formatDate(d)}</th>
                {p.series.map((s) => (
                  <td>{formatNumber(clean(s.values[i] ?? 0))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
