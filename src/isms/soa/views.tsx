// The SoA page: approval status, the summary bar, filters kept in the URL, exports, and the rows
// grouped by theme (A.5–A.8) with inline editing for those who may edit.
import { EmptyState, PageHeader } from '../../web/components.js';
import { formatDate, formatNumber, t } from '../../web/i18n.js';
import { themeLabel } from './labels.js';
import type { SoaSummary } from './rules.js';
import { ROW_COLUMNS, SoaRow } from './row-view.js';
import { EXPORT_FORMATS, GAP_FILTERS, type SoaRowOut, type VersionOut } from './schema.js';
import { SummaryBar } from './summary-chart.js';
import { SOA_STATUSES } from './tables.js';

export const THEMES = ['A.5', 'A.6', 'A.7', 'A.8'] as const;

export interface TableState {
  sort: string;
  dir: 'asc' | 'desc';
  /** The filters, kept in sort links. */
  query: URLSearchParams;
  base: string;
}

const SORTABLE: Record<string, boolean> = { control_id: true, title: true, status: true };
const HEADERS = ['control_id', 'title', 'applicable', 'justification', 'status', 'implemented_by', 'actions'] as const;

function Header({ state, editable }: { state: TableState | null; editable: boolean }) {
  return (
    <thead>
      <tr>
        {HEADERS.filter((h) => editable || h !== 'actions').map((h) => {
          const label = h === 'actions' ? <span class="visually-hidden">{t('soa.col.actions')}</span> : t(`soa.col.${h}`);
          if (!state || !SORTABLE[h]) return <th scope="col">{label}</th>;
          const active = state.sort === h;
          const q = new URLSearchParams(state.query);
          q.set('sort', h);
          q.set('dir', active && state.dir === 'asc' ? 'desc' : 'asc');
          return (
            <th scope="col" aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              <a href={`${state.base}?${q.toString()}`}>
                {label}
                <span class="sort-mark" aria-hidden="true">
                  {active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </span>
              </a>
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** Rows grouped by theme, one tbody each with the theme as its heading row. */
export function SoaTable({ rows, state, editable, linked, caption }: { rows: SoaRowOut[]; state: TableState | null; editable: boolean; linked: boolean; caption: string }) {
  const groups: { theme: string; rows: SoaRowOut[] }[] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last.theme === r.theme) last.rows.push(r);
    else groups.push({ theme: r.theme, rows: [r] });
  }
  return (
    // A region that can take focus: the table scrolls inside it, and keyboard users must reach it too.
    <div class="table-wrap soa-table" role="region" aria-label={caption} tabindex={0}>
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <Header state={state} editable={editable} />
        {groups.map((g) => (
          <tbody>
            <tr class="soa-theme">
              <th scope="colgroup" colspan={editable ? ROW_COLUMNS : ROW_COLUMNS - 1}>
                {themeLabel(g.theme)} <span class="muted">· {t('soa.count.rows', { n: formatNumber(g.rows.length) })}</span>
              </th>
            </tr>
            {g.rows.map((r) => (
              <SoaRow row={r} editable={editable} linked={linked} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

export function ExportLinks({ version, label }: { version: number | null; label: string }) {
  return (
    <span class="soa-exports">
      <span>{label}</span>
      {EXPORT_FORMATS.map((f) => (
        <a href={`/soa/export?format=${f}${version ? `&version=${version}` : ''}`} download>
          {t(`soa.export.format.${f}`)}
        </a>
      ))}
    </span>
  );
}

function Filters({ filters, state }: { filters: Record<string, string>; state: TableState }) {
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('soa.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={filters[name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="filters" method="get" action="/soa" role="search" aria-label={t('soa.filter.label')}>
      {select(
        'theme',
        t('soa.filter.theme'),
        THEMES.map((th) => ({ value: th, label: themeLabel(th) })),
      )}
      {select('applicable', t('soa.filter.applicable'), [
        { value: 'true', label: t('soa.applicable.yes') },
        { value: 'false', label: t('soa.applicable.no') },
      ])}
      {select(
        'status',
        t('soa.filter.status'),
        SOA_STATUSES.map((s) => ({ value: s, label: t(`soa.status.${s}`) })),
      )}
      {select(
        'gap',
        t('soa.filter.gap'),
        GAP_FILTERS.map((g) => ({ value: g, label: g === 'any' ? t('soa.gap.any') : t(`soa.gap.${g}`) })),
      )}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('soa.filter.apply')}
        </button>
        <a href="/soa">{t('soa.filter.clear')}</a>
      </div>
    </form>
  );
}

function ApprovalNotice({ approved, latest }: { approved: VersionOut | null; latest: VersionOut | null }) {
  const draft = latest && latest.status === 'draft' ? latest : null;
  return (
    <div class="notice soa-approval">
      <p>
        {approved?.approval ? (
          <>
            <strong>{t('soa.approved.title', { n: approved.number })}</strong>{' '}
            {t('soa.approved.by', {
              name: approved.approval.name + (approved.approval.title ? `, ${approved.approval.title}` : ''),
              date: formatDate(approved.approval.approved_on),
            })}{' '}
            <a href={`/soa/versions/${approved.number}`}>{t('soa.approved.open')}</a> · <a href={`/soa/versions/${approved.number}/diff/current`}>{t('soa.approved.changes')}</a>
          </>
        ) : (
          <>
            <strong>{t('soa.approved.noneTitle')}</strong> {t('soa.approved.noneBody')}
          </>
        )}
        {draft && (
          <>
            {' '}
            <a href={`/soa/versions/${draft.number}`}>{t('soa.approved.draft', { n: draft.number })}</a>
          </>
        )}
      </p>
    </div>
  );
}

export interface ListViewProps {
  rows: SoaRowOut[];
  summary: SoaSummary;
  filters: Record<string, string>;
  state: TableState;
  framework: { name: string; version: string } | null;
  approved: VersionOut | null;
  latest: VersionOut | null;
  can: { write: boolean };
}

function Actions({ canWrite }: { canWrite: boolean }) {
  return (
    <>
      <a class="btn btn--ghost" href="/soa/versions">
        {t('soa.action.versions')}
      </a>
      {canWrite && (
        <a class="btn" href="/soa/versions#prepare">
          {t('soa.action.prepare')}
        </a>
      )}
    </>
  );
}

export function SoaListView(p: ListViewProps) {
  const subtitle = p.framework ? t('soa.subtitle', { framework: `${p.framework.name} (${p.framework.version})` }) : t('soa.subtitleNone');
  if (p.summary.total === 0) {
    return (
      <>
        <PageHeader title={t('soa.title')} subtitle={subtitle} />
        <EmptyState title={t('soa.empty.title')}>
          <p>{t('soa.empty.body')}</p>
          <p>
            <a href="/frameworks">{t('soa.empty.frameworks')}</a> · <a href="/controls">{t('soa.empty.controls')}</a>
          </p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('soa.title')} subtitle={subtitle} actions={<Actions canWrite={p.can.write} />} />
      <ApprovalNotice approved={p.approved} latest={p.latest} />
      <section class="card" aria-labelledby="soa-summary-h">
        <h2 id="soa-summary-h">{t('soa.summary.heading')}</h2>
        <SummaryBar summary={p.summary} id="soa-summary" base="/soa" />
      </section>
      <Filters filters={p.filters} state={p.state} />
      <div class="toolbar">
        <span>{t('soa.count.shown', { n: formatNumber(p.rows.length), total: formatNumber(p.summary.total) })}</span>
        <span class="spacer" />
        <ExportLinks version={null} label={t('soa.export.label')} />
      </div>
      {p.rows.length === 0 ? (
        <EmptyState title={t('soa.noMatch.title')}>
          <p>
            {t('soa.noMatch.body')} <a href="/soa">{t('soa.filter.clear')}</a>
          </p>
        </EmptyState>
      ) : (
        <SoaTable rows={p.rows} state={p.state} editable={p.can.write} linked caption={t('soa.title')} />
      )}
    </>
  );
}
