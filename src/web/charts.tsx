// Server-rendered inline SVG charts with text alternatives: pure functions of their data, styled by app.css.
import type { Child } from 'hono/jsx';
import { formatNumber } from './i18n.js';

export interface Datum {
  label: string;
  value: number;
}

interface ChartText {
  /** A prefix for element ids; anything but letters, digits and dashes is dropped. */
  id: string;
  title: string;
  /** One sentence a screen reader hears instead of the picture. */
  description: string;
  /** Column headers of the visually hidden data table. */
  labelHeader: string;
  valueHeader: string;
  /** Shown instead of the chart when there is nothing to draw; it should say how data arrives. */
  empty: Child;
}

const safeId = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'chart';
/** Negative, NaN and infinite values draw as zero rather than breaking the picture. */
const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);

/** Shortens a label for the drawing; the full text stays in the tooltip and the table. */
export function truncate(label: string, max: number): string {
  const chars = Array.from(label);
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

function DataTableAlt({ caption, labelHeader, valueHeader, data }: { caption: string; labelHeader: string; valueHeader: string; data: Datum[] }) {
  // Tables ignore a 1px height, so the hiding class sits on a wrapper, not on the table itself.
  return (
    <div class="visually-hidden">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr>
              <th scope="row">{d.label}</th>
              <td>{formatNumber(clean(d.value))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const WIDTH = 420;
const ROW = 42;
const BAR = 14;
const VALUE_W = 44;

/**
 * Horizontal bars, one row per datum in the given order, each label above its bar: long category
 * names (departments) get the full width, and the drawing stays legible when it scales to a phone.
 */
export function BarChart(p: ChartText & { data: Datum[] }) {
  if (p.data.length === 0) return <div class="chart-empty">{p.empty}</div>;
  const id = safeId(p.id);
  const max = Math.max(1, ...p.data.map((d) => clean(d.value)));
  const area = WIDTH - VALUE_W;
  const height = p.data.length * ROW;
  return (
    <figure class="chart">
      <svg class="chart-svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        {p.data.map((d, i) => {
          const v = clean(d.value);
          const y = i * ROW;
          const w = v === 0 ? 0 : Math.max(2, (v / max) * area);
          return (
            <g class="chart-row">
              <title>{`${d.label}: ${formatNumber(v)}`}</title>
              <text class="chart-label" x={0} y={y + 14}>
                {truncate(d.label, 44)}
              </text>
              <rect class="chart-track" x={0} y={y + 20} width={area} height={BAR} rx={3} />
              <rect class="chart-bar" x={0} y={y + 20} width={round(w)} height={BAR} rx={3} />
              <text class="chart-value" x={round(w) + 6} y={y + 27} dominant-baseline="middle">
                {formatNumber(v)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTableAlt caption={p.title} labelHeader={p.labelHeader} valueHeader={p.valueHeader} data={p.data} />
    </figure>
  );
}

const COL_H = 100;
const COL_TOP = 20;
const AXIS_H = 26;

/** Vertical columns for a short time series (days of a week); labels should be short. */
export function ColumnChart(p: ChartText & { data: Datum[]; highlightLast?: boolean }) {
  if (p.data.length === 0) return <div class="chart-empty">{p.empty}</div>;
  const id = safeId(p.id);
  const max = Math.max(1, ...p.data.map((d) => clean(d.value)));
  const slot = WIDTH / p.data.length;
  const colW = Math.min(36, slot * 0.6);
  const height = COL_TOP + COL_H + AXIS_H;
  return (
    <figure class="chart">
      <svg class="chart-svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        <line class="chart-axis" x1={0} x2={WIDTH} y1={COL_TOP + COL_H + 0.5} y2={COL_TOP + COL_H + 0.5} />
        {p.data.map((d, i) => {
          const v = clean(d.value);
          const h = v === 0 ? 0 : Math.max(2, (v / max) * COL_H);
          const cx = slot * i + slot / 2;
          const last = p.highlightLast && i === p.data.length - 1;
          return (
            <g class={last ? 'chart-col chart-col--current' : 'chart-col'}>
              <title>{`${d.label}: ${formatNumber(v)}`}</title>
              <rect class="chart-bar" x={round(cx - colW / 2)} y={round(COL_TOP + COL_H - h)} width={round(colW)} height={round(h)} rx={3} />
              <text class="chart-value" x={round(cx)} y={round(COL_TOP + COL_H - h - 6)} text-anchor="middle">
                {formatNumber(v)}
              </text>
              <text class="chart-label" x={round(cx)} y={COL_TOP + COL_H + 18} text-anchor="middle">
                {truncate(d.label, 10)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTableAlt caption={p.title} labelHeader={p.labelHeader} valueHeader={p.valueHeader} data={p.data} />
    </figure>
  );
}

/** The share of `part` in `total` as a whole percentage; 0 when there is no total. */
export function percent(part: number, total: number): number {
  const t = clean(total);
  if (t === 0) return 0;
  return Math.round((Math.min(clean(part), t) / t) * 100);
}

/**
 * A thin progress bar for "done of total" (MFA adoption, training completion). The text beside it
 * carries the figures, so the bar itself is decoration for sighted readers.
 */
export function CompletionBar({ part, total, label }: { part: number; total: number; label: string }) {
  const pct = percent(part, total);
  return (
    <div class="completion">
      <svg class="completion-svg" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect class="chart-track" x={0} y={0} width={100} height={8} rx={4} />
        {pct > 0 && <rect class="chart-bar" x={0} y={0} width={pct} height={8} rx={4} />}
      </svg>
      <span class="completion-text">{label}</span>
    </div>
  );
}

const round = (n: number) => Math.round(n * 10) / 10;
