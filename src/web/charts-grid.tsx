// A grid heatmap as server-rendered inline SVG (e.g. likelihood × impact): each cell coloured by a
// named tone, its count written in it, linking where given; a visually hidden table says the same.
import { formatNumber } from './i18n.js';

export interface GridCell {
  /** 0-based row from the top and column from the left. */
  row: number;
  col: number;
  count: number;
  /** A colour name styled by app.css (`.grid-cell--<tone>`), e.g. green, yellow, orange, red. */
  tone: string;
  /** Where the cell leads (a filtered list); cells without a count do not link. */
  href?: string;
  /** What the cell is, for its tooltip and link name, e.g. "Likely × Major (score 16, High)". */
  label: string;
}

export interface GridHeatmapProps {
  id: string;
  title: string;
  /** One sentence a screen reader hears about the picture as a whole. */
  description: string;
  /** Row labels, top first (for a risk matrix, the highest likelihood on top). */
  rows: string[];
  /** Column labels, left first. */
  cols: string[];
  rowAxis: string;
  colAxis: string;
  cells: GridCell[];
  /** The link name of a cell: "{label}: {n} risks". */
  cellName: (cell: GridCell) => string;
}

const CELL = 58;
const GAP = 3;
const LEFT = 146;
const BOTTOM = 58;
const TOP = 6;

const safeId = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'grid';
const safeTone = (s: string) => s.replace(/[^a-z]/g, '') || 'grey';

/** Shortens an axis label for the drawing; the full text stays in the tooltip and the table. */
const short = (s: string, max: number) => (Array.from(s).length <= max ? s : `${Array.from(s).slice(0, max - 1).join('')}…`);

export function GridHeatmap(p: GridHeatmapProps) {
  const id = safeId(p.id);
  const width = LEFT + p.cols.length * (CELL + GAP);
  const height = TOP + p.rows.length * (CELL + GAP) + BOTTOM;
  const at = new Map(p.cells.map((c) => [`${c.row}:${c.col}`, c]));
  return (
    <figure class="chart grid-chart">
      <svg class="grid-svg" viewBox={`0 0 ${width} ${height}`} role="group" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        {p.rows.map((label, r) => (
          <text class="chart-label" x={LEFT - 8} y={TOP + r * (CELL + GAP) + CELL / 2} text-anchor="end" dominant-baseline="middle">
            <title>{label}</title>
            {short(label, 17)}
          </text>
        ))}
        {p.cols.map((label, c) => (
          <text class="chart-label" x={LEFT + c * (CELL + GAP) + CELL / 2} y={TOP + p.rows.length * (CELL + GAP) + 14} text-anchor="middle">
            <title>{label}</title>
            {short(label, 9)}
          </text>
        ))}
        <text class="chart-axis-label" x={LEFT + (p.cols.length * (CELL + GAP)) / 2} y={height - 8} text-anchor="middle">
          {p.colAxis} →
        </text>
        <text class="chart-axis-label" x={10} y={TOP + (p.rows.length * (CELL + GAP)) / 2} text-anchor="middle" transform={`rotate(-90 10 ${TOP + (p.rows.length * (CELL + GAP)) / 2})`}>
          {p.rowAxis} →
        </text>
        {p.rows.flatMap((_, r) =>
          p.cols.map((__, c) => {
            const cell = at.get(`${r}:${c}`);
            if (!cell) return null;
            const x = LEFT + c * (CELL + GAP);
            const y = TOP + r * (CELL + GAP);
            const body = (
              <>
                <rect class={`grid-cell grid-cell--${safeTone(cell.tone)}${cell.count ? '' : ' grid-cell--empty'}`} x={x} y={y} width={CELL} height={CELL} rx={4} />
                {cell.count > 0 && (
                  <text class="grid-count" x={x + CELL / 2} y={y + CELL / 2} text-anchor="middle" dominant-baseline="central">
                    {formatNumber(cell.count)}
                  </text>
                )}
              </>
            );
            return cell.count > 0 && cell.href ? (
              <a href={cell.href} aria-label={p.cellName(cell)} class="grid-link" data-row={r} data-col={c} data-count={cell.count}>
                <title>{p.cellName(cell)}</title>
                {body}
              </a>
            ) : (
              <g data-row={r} data-col={c} data-count={cell.count} aria-hidden="true">
                <title>{p.cellName(cell)}</title>
                {body}
              </g>
            );
          }),
        )}
      </svg>
      <div class="visually-hidden">
        <table>
          <caption>{p.title}</caption>
          <thead>
            <tr>
              <th scope="col">{`${p.rowAxis} \\ ${p.colAxis}`}</th>
              {p.cols.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((label, r) => (
              <tr>
                <th scope="row">{label}</th>
                {p.cols.map((_, c) => (
                  <td>{formatNumber(at.get(`${r}:${c}`)?.count ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
