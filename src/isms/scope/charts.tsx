// Objective charts as server-rendered inline SVG: a sparkline per list row, a trend per objective, and
// an overview of all objectives against their targets. Each has a text alternative.
import { t } from '../../web/i18n.js';
import { formatDate, formatNumber, formatValue, targetLong, targetShort } from './format.js';
import type { ObjectiveOut } from './objectives-schema.js';
import type { Direction } from './tables.js';
import { ObjectiveStatusPill } from './view-parts.js';

export interface Point {
  value: number;
  measured_on: string;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The value range a chart draws: the values and the target, with a little air, never empty. */
function valueRange(values: number[], target: number): [number, number] {
  let lo = Math.min(target, ...values);
  let hi = Math.max(target, ...values);
  if (hi === lo) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.12;
  lo -= pad;
  hi += pad;
  // Values that cannot go below zero should not get a negative axis for the sake of air.
  if (Math.min(target, ...values) >= 0 && lo < 0) lo = 0;
  return [lo, hi];
}

/** Round tick values (1, 2 or 5 × 10ⁿ apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** A 120 × 32 line of the latest values with the target dashed across; "—" before the first measurement. */
export function Sparkline({ points, target, direction, unit }: { points: Point[]; target: number; direction: Direction; unit: string | null }) {
  if (points.length === 0) return <span class="muted">—</span>;
  const W = 120;
  const H = 32;
  const P = 4;
  const [lo, hi] = valueRange(
    points.map((p) => p.value),
    target,
  );
  const x = (i: number) => (points.length === 1 ? W / 2 : P + (i * (W - 2 * P)) / (points.length - 1));
  const y = (v: number) => H - P - ((v - lo) / (hi - lo)) * (H - 2 * P);
  const last = points[points.length - 1]!;
  const label = t('scope.chart.sparkline', {
    values: points.map((p) => formatValue(p.value, unit)).join(' → '),
    target: targetShort(target, direction, unit),
  });
  return (
    <svg class="spark" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} focusable="false">
      <title>{label}</title>
      <line class="trend-target" x1={0} x2={W} y1={r1(y(target))} y2={r1(y(target))} stroke-dasharray="3 3" />
      {points.length > 1 && <polyline class="trend-line" fill="none" points={points.map((p, i) => `${r1(x(i))},${r1(y(p.value))}`).join(' ')} />}
      <circle class="trend-last" cx={r1(x(points.length - 1))} cy={r1(y(last.value))} r={3} />
    </svg>
  );
}

const TW = 640;
const TH = 240;
// The right margin holds the target's label, clear of the line's last points.
const M = { left: 56, right: 100, top: 18, bottom: 34 };

/** An objective's measurements over time, the target dashed, and the side that meets it shaded. */
export function TrendChart({ points, target, direction, unit, title }: { points: Point[]; target: number; direction: Direction; unit: string | null; title: string }) {
  if (points.length === 0) return <div class="chart-empty">{t('scope.chart.trendEmpty')}</div>;
  const times = points.map((p) => Date.parse(`${p.measured_on}T00:00:00Z`));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [lo, hi] = valueRange(
    points.map((p) => p.value),
    target,
  );
  const ticks = niceTicks(lo, hi);
  const [ylo, yhi] = [Math.min(lo, ticks[0] ?? lo), Math.max(hi, ticks[ticks.length - 1] ?? hi)];
  const iw = TW - M.left - M.right;
  const ih = TH - M.top - M.bottom;
  const x = (ms: number) => M.left + (t1 === t0 ? iw / 2 : ((ms - t0) / (t1 - t0)) * iw);
  const y = (v: number) => M.top + ih - ((v - ylo) / (yhi - ylo)) * ih;
  const ty = r1(y(target));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const desc = t('scope.chart.trendDesc', {
    n: points.length,
    from: formatDate(first.measured_on),
    to: formatDate(last.measured_on),
    latest: formatValue(last.value, unit),
    target: targetLong(target, direction, unit),
  });
  return (
    <figure class="chart">
      <svg class="chart-svg trend" viewBox={`0 0 ${TW} ${TH}`} role="img" aria-labelledby="trend-t trend-d" focusable="false" preserveAspectRatio="xMinYMin meet">
        <title id="trend-t">{title}</title>
        <desc id="trend-d">{desc}</desc>
        <rect class="trend-zone" x={M.left} width={iw} y={direction === 'higher' ? M.top : ty} height={direction === 'higher' ? Math.max(0, ty - M.top) : Math.max(0, M.top + ih - ty)} />
        {ticks.map((v) => (
          <g>
            <line class="trend-grid" x1={M.left} x2={TW - M.right} y1={r1(y(v))} y2={r1(y(v))} />
            <text class="chart-value" x={M.left - 8} y={r1(y(v))} text-anchor="end" dominant-baseline="middle">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        <line class="trend-target" x1={M.left} x2={TW - M.right} y1={ty} y2={ty} stroke-dasharray="6 4" />
        <text class="trend-target-label" x={TW - M.right + 8} y={ty} dominant-baseline="middle">
          {t('scope.chart.target', { target: targetShort(target, direction, unit) })}
        </text>
        {points.length > 1 && <polyline class="trend-line" fill="none" points={points.map((p, i) => `${r1(x(times[i]!))},${r1(y(p.value))}`).join(' ')} />}
        {points.map((p, i) => (
          <circle class="trend-point" cx={r1(x(times[i]!))} cy={r1(y(p.value))} r={4}>
            <title>{`${formatDate(p.measured_on)}: ${formatValue(p.value, unit)}`}</title>
          </circle>
        ))}
        <text class="chart-label" x={M.left} y={TH - 10}>
          {formatDate(first.measured_on)}
        </text>
        {points.length > 1 && (
          <text class="chart-label" x={TW - M.right} y={TH - 10} text-anchor="end">
            {formatDate(last.measured_on)}
          </text>
        )}
      </svg>
    </figure>
  );
}

/**
 * Every objective's latest value against its target, worst status first: one row each with the
 * figures as text and a bar (decoration: the text carries the numbers) scaled to that objective.
 */
export function ObjectivesOverview({ items }: { items: ObjectiveOut[] }) {
  if (items.length === 0) return <div class="chart-empty">{t('scope.chart.overviewEmpty')}</div>;
  return (
    <ul class="bullets" aria-label={t('scope.chart.overviewTitle')}>
      {items.map((o) => {
        const scale = Math.max(Math.abs(o.target), Math.abs(o.current_value ?? 0), 1e-9) * 1.15;
        const bar = o.current_value === null ? 0 : Math.max(1, (Math.max(0, o.current_value) / scale) * 100);
        const tick = r1((Math.max(0, o.target) / scale) * 100);
        return (
          <li>
            <div class="bullet-head">
              <a href={`/scope/objectives/${o.id}`}>
                <span class="mono">{o.ref}</span> {o.title}
              </a>
              <ObjectiveStatusPill status={o.status} />
            </div>
            <svg class="bullet" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect class="chart-track" x={0} y={2} width={100} height={8} />
              {bar > 0 && <rect class={`chart-bar status-${o.status}`} x={0} y={2} width={r1(Math.min(bar, 100))} height={8} />}
              <line class="target-tick" x1={tick} x2={tick} y1={0} y2={12} vector-effect="non-scaling-stroke" />
            </svg>
            <p class="bullet-figures">
              {t('scope.chart.figures', {
                current: o.current_value === null ? t('scope.status.no_data') : formatValue(o.current_value, o.unit),
                target: targetShort(o.target, o.direction, o.unit),
              })}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
