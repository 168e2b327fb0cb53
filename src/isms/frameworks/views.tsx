// Framework list and framework pages: presented data in, HTML out; no data access here.
import { CompletionBar, percent } from '../../web/charts.js';
import { DataTable, EmptyState, PageHeader, Pagination, Pill, Stat, type Column, type ListState } from '../../web/components.js';
import { formatDateTime, t, tOr } from '../../web/i18n.js';
import { formatCount } from './format.js';
import { REQUIREMENT_KINDS } from './catalogue-schema.js';
import type { FrameworkDetailOut, FrameworkOut } from './schema.js';
import type { RequirementEntry } from './service.js';

/** Where a requirement's page is; refs are URL-encoded (they may hold parentheses). */
export const requirementHref = (frameworkId: string, ref: string) => `/frameworks/${encodeURIComponent(frameworkId)}/requirements/${encodeURIComponent(ref)}`;
export const frameworkHref = (id: string) => `/frameworks/${encodeURIComponent(id)}`;

export const OriginPill = ({ origin }: { origin: FrameworkOut['origin'] }) => <Pill tone={origin === 'bundled' ? 'info' : 'muted'}>{t(`frameworks.origin.${origin}`)}</Pill>;

export const kindLabel = (kind: string) => tOr(`frameworks.kind.${kind}`, kind);

function Coverage({ mapped, total }: { mapped: number | null; total: number }) {
  if (mapped === null) return <span class="muted">—</span>;
  return <CompletionBar part={mapped} total={total} label={t('frameworks.coverage', { mapped: formatCount(mapped), total: formatCount(total), pct: percent(mapped, total) })} />;
}

export function FrameworkListView({ items, canManage, timeZone }: { items: FrameworkOut[]; canManage: boolean; timeZone: string }) {
  const importLink = canManage ? (
    <a class="btn" href="/frameworks/import">
      {t('frameworks.action.import')}
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title={t('frameworks.title')} subtitle={t('frameworks.subtitle')} actions={importLink} />
      {items.length === 0 ? (
        <EmptyState title={t('frameworks.empty.title')}>
          <p>{t('frameworks.empty.body')}</p>
          {canManage ? <p class="filters-actions">{importLink}</p> : <p class="muted">{t('frameworks.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">{t('frameworks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('frameworks.field.name')}</th>
                <th scope="col">{t('frameworks.field.version')}</th>
                <th scope="col">{t('frameworks.field.origin')}</th>
                <th scope="col" class="num">
                  {t('frameworks.field.requirements')}
                </th>
                <th scope="col">{t('frameworks.field.mapped')}</th>
                <th scope="col">{t('frameworks.field.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr>
                  <td>
                    <a href={frameworkHref(f.id)}>{f.name}</a>
                    <div class="small muted">{f.source}</div>
                  </td>
                  <td class="nowrap">{f.version}</td>
                  <td>
                    <OriginPill origin={f.origin} />
                  </td>
                  <td class="num">{formatCount(f.requirements)}</td>
                  <td>
                    <Coverage mapped={f.mapped} total={f.requirements} />
                  </td>
                  <td class="nowrap small">{formatDateTime(f.updated_at, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export interface FrameworkViewProps {
  framework: FrameworkDetailOut;
  items: RequirementEntry[];
  state: ListState;
  filters: Record<string, string>;
  timeZone: string;
  /** Counts from an OSCAL import just applied, shown once after the redirect. */
  imported: { added: number; changed: number; removed: number } | null;
}

function Filters({ framework: f, filters, state }: Pick<FrameworkViewProps, 'framework' | 'filters' | 'state'>) {
  const kinds = REQUIREMENT_KINDS.filter((k) => (f.by_kind[k] ?? 0) > 0 || filters.kind === k);
  const depth = (ref: string | null): number => {
    let n = 0;
    for (let g = ref; g && n < 10; g = f.groups.find((x) => x.ref === g)?.parent_ref ?? null) n++;
    return n - 1;
  };
  return (
    <form class="filters" method="get" action={frameworkHref(f.id)} role="search" aria-label={t('frameworks.filter.label')}>
      <div class="field">
        <label for="f-q">{t('frameworks.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('frameworks.filter.qHint')} />
      </div>
      {f.groups.length > 0 && (
        <div class="field">
          <label for="f-group">{t('frameworks.field.group')}</label>
          <select id="f-group" name="group">
            <option value="">{t('frameworks.filter.all')}</option>
            {f.groups.map((g) => (
              <option value={g.ref} selected={g.ref === filters.group}>
                {'\u00a0\u00a0'.repeat(depth(g.ref))}
                {g.ref === g.title ? g.title : `${g.ref} ${g.title}`}
              </option>
            ))}
          </select>
        </div>
      )}
      {kinds.length > 1 && (
        <div class="field">
          <label for="f-kind">{t('frameworks.field.kind')}</label>
          <select id="f-kind" name="kind">
            <option value="">{t('frameworks.filter.all')}</option>
            {kinds.map((k) => (
              <option value={k} selected={k === filters.kind}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </div>
      )}
      {(f.withdrawn > 0 || filters.status) && (
        <div class="field">
          <label for="f-status">{t('frameworks.field.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('frameworks.filter.all')}</option>
            {(['current', 'withdrawn'] as const).map((s) => (
              <option value={s} selected={s === filters.status}>
                {t(`frameworks.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('frameworks.filter.apply')}
        </button>
        <a href={frameworkHref(f.id)}>{t('frameworks.filter.clear')}</a>
      </div>
    </form>
  );
}

function ControlsCell({ r, frameworkId }: { r: RequirementEntry; frameworkId: string }) {
  if (r.controls === null) return null;
  if (r.controls === 0) return <span class="muted">{t('frameworks.controls.none')}</span>;
  return <a href={`${requirementHref(frameworkId, r.ref)}#controls-h`}>{t(r.controls === 1 ? 'frameworks.controls.one' : 'frameworks.controls.count', { n: formatCount(r.controls) })}</a>;
}

function columnsFor(f: FrameworkDetailOut, showControls: boolean): Column<RequirementEntry>[] {
  const groupTitle = new Map(f.groups.map((g) => [g.ref, g.title]));
  const cols: Column<RequirementEntry>[] = [
    { key: 'order', label: t('frameworks.field.ref'), sortable: true, mono: true, render: (r) => <a href={requirementHref(f.id, r.ref)}>{r.ref}</a> },
    {
      key: 'title',
      label: t('frameworks.field.title'),
      sortable: true,
      render: (r) => (
        <>
          {r.title} {r.withdrawn_at && <Pill tone="warn">{t('frameworks.status.withdrawn')}</Pill>}
        </>
      ),
    },
    { key: 'group', label: t('frameworks.field.group'), sortable: true, render: (r) => (r.group_ref ? (groupTitle.get(r.group_ref) ?? r.group_ref) : '—') },
    { key: 'kind', label: t('frameworks.field.kind'), sortable: true, render: (r) => kindLabel(r.kind) },
  ];
  if (showControls) cols.push({ key: 'controls', label: t('frameworks.field.controls'), numeric: true, render: (r) => <ControlsCell r={r} frameworkId={f.id} /> });
  return cols;
}

function GroupCoverage({ f }: { f: FrameworkDetailOut }) {
  const groups = f.groups.filter((g) => g.requirements > 0);
  if (groups.length === 0 || f.mapped === null) return null;
  return (
    <section class="card" aria-labelledby="coverage-h">
      <h2 id="coverage-h">{t('frameworks.coverage.title')}</h2>
      <p class="small muted">{t('frameworks.coverage.basis')}</p>
      <table class="data">
        <caption class="visually-hidden">{t('frameworks.coverage.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('frameworks.field.group')}</th>
            <th scope="col">{t('frameworks.field.mapped')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <td>
                <a href={`${frameworkHref(f.id)}?group=${encodeURIComponent(g.ref)}`}>{g.ref === g.title ? g.title : `${g.ref} ${g.title}`}</a>
              </td>
              <td>
                <Coverage mapped={g.mapped} total={g.requirements} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function FrameworkView({ framework: f, items, state, filters, timeZone, imported }: FrameworkViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  const subtitle = [t('frameworks.versionOf', { version: f.version }), f.publisher].filter(Boolean).join(' · ');
  return (
    <>
      <p class="eyebrow">
        <a href="/frameworks">{t('frameworks.title')}</a>
      </p>
      <PageHeader
        title={f.name}
        subtitle={subtitle}
        actions={
          <a class="btn btn--ghost" href={`${frameworkHref(f.id)}/oscal.json`} download>
            {t('frameworks.action.oscal')}
          </a>
        }
      />
      {imported && (
        <div class="alert alert--ok" role="status">
          {t('frameworks.imported', { added: imported.added, changed: imported.changed, removed: imported.removed })}
        </div>
      )}
      <div class="stats">
        <Stat label={t('frameworks.field.requirements')} value={formatCount(f.requirements)} detail={Object.entries(f.by_kind).map(([k, n]) => `${kindLabel(k)} ${formatCount(n)}`).join(' · ')} />
        {f.mapped !== null && (
          <Stat label={t('frameworks.field.mapped')} value={`${percent(f.mapped, f.requirements)} %`} detail={t('frameworks.mappedDetail', { mapped: formatCount(f.mapped), total: formatCount(f.requirements) })} />
        )}
        {f.withdrawn > 0 && <Stat label={t('frameworks.status.withdrawn')} value={formatCount(f.withdrawn)} detail={t('frameworks.withdrawnDetail')} />}
      </div>
      <div class="stack">
        <div class="grid-2">
          <Facts f={f} timeZone={timeZone} />
          <GroupCoverage f={f} />
        </div>
        <section aria-labelledby="requirements-h">
          <h2 id="requirements-h">{t('frameworks.requirements.title')}</h2>
          <Filters framework={f} filters={filters} state={state} />
          <div class="toolbar">
            <span>{state.total === 1 ? t('frameworks.requirements.countOne') : t('frameworks.requirements.count', { n: formatCount(state.total) })}</span>
            <span class="spacer" />
            <a href={`${frameworkHref(f.id)}/requirements.csv?${exportQuery.toString()}`} download>
              {t('frameworks.action.csv')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('frameworks.noMatch.title')}>
              <p>
                {filtered ? t('frameworks.noMatch.body') : t('frameworks.noRequirements')} {filtered && <a href={frameworkHref(f.id)}>{t('frameworks.filter.clear')}</a>}
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columnsFor(f, f.mapped !== null)} rows={items} state={state} caption={t('frameworks.requirements.title')} />
              <Pagination state={state} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

function Facts({ f, timeZone }: { f: FrameworkDetailOut; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">{t('frameworks.detail.facts')}</h2>
      {f.description && <p>{f.description}</p>}
      <dl class="facts">
        <dt>{t('frameworks.field.source')}</dt>
        <dd>{f.source}</dd>
        <dt>{t('frameworks.field.origin')}</dt>
        <dd>
          <OriginPill origin={f.origin} />
        </dd>
        <dt>{t('frameworks.field.id')}</dt>
        <dd class="mono">{f.id}</dd>
        <dt>{t('frameworks.field.hash')}</dt>
        <dd class="mono small" title={f.content_hash}>
          {f.content_hash.slice(0, 16)}…
        </dd>
        <dt>{t('frameworks.field.updated')}</dt>
        <dd>{formatDateTime(f.updated_at, timeZone)}</dd>
      </dl>
    </section>
  );
}
