// The controls list: filters (level with counts), the level × status chart, review counts, the table.
import { DataTable, EmptyState, PageHeader, Pagination, Stat, type Column, type ListState } from '../../web/components.js';
import { formatNumber, t } from '../../web/i18n.js';
import { LevelStatusChart } from './chart.js';
import { EffectivenessPill, NextReview, StatusPill } from './pills.js';
import type { ControlCounts } from './read.js';
import { DUE_SOON_DAYS } from './rules.js';
import { CONTROL_LEVELS, CONTROL_STATUSES, REVIEW_FILTERS, type ControlOut } from './schema.js';

export interface ListViewProps {
  items: ControlOut[];
  state: ListState;
  filters: Record<string, string>;
  counts: ControlCounts;
  owners: { id: string; name: string }[];
  frameworks: { id: string; name: string }[];
  /** What the risk and asset filters (from a risk's or asset's page) point at, when set. */
  linkedTo: { risk: string | null; asset: string | null };
  canWrite: boolean;
  today: string;
}

const AddButton = () => (
  <a class="btn" href="/controls/new">
    {t('controls.action.add')}
  </a>
);

function Select({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('controls.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ filters, counts, owners, frameworks, linkedTo, state }: Pick<ListViewProps, 'filters' | 'counts' | 'owners' | 'frameworks' | 'linkedTo' | 'state'>) {
  // An owner or framework typed into the URL that is not among the choices still shows as chosen.
  const ownerOptions = owners.map((o) => ({ value: o.id, label: o.name }));
  if (filters.owner && !owners.some((o) => o.id === filters.owner)) ownerOptions.unshift({ value: filters.owner, label: filters.owner });
  const frameworkOptions = frameworks.map((f) => ({ value: f.id, label: f.name }));
  if (filters.framework && !frameworks.some((f) => f.id === filters.framework)) frameworkOptions.unshift({ value: filters.framework, label: filters.framework });
  return (
    <form class="filters" method="get" action="/controls" role="search" aria-label={t('controls.filter.label')}>
      <div class="field">
        <label for="f-q">{t('controls.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('controls.filter.qHint')} />
      </div>
      <Select
        name="level"
        label={t('controls.field.level')}
        value={filters.level}
        options={CONTROL_LEVELS.map((l) => ({ value: l, label: t('controls.filter.levelCount', { level: t(`controls.level.${l}`), n: formatNumber(counts.byLevel[l]) }) }))}
      />
      <Select name="status" label={t('controls.field.status')} value={filters.status} options={CONTROL_STATUSES.map((s) => ({ value: s, label: t(`controls.status.${s}`) }))} />
      <Select name="owner" label={t('controls.field.owner')} value={filters.owner} options={ownerOptions} />
      <Select name="framework" label={t('controls.filter.framework')} value={filters.framework} options={frameworkOptions} />
      <div class="field">
        <label for="f-requirement">{t('controls.filter.requirement')}</label>
        <input id="f-requirement" name="requirement" value={filters.requirement ?? ''} maxlength={120} placeholder="iso27001-2022:A.8.13" class="mono" />
      </div>
      <Select name="review" label={t('controls.filter.review')} value={filters.review} options={REVIEW_FILTERS.map((r) => ({ value: r, label: t(`controls.review.${r}`) }))} />
      {filters.risk && <input type="hidden" name="risk" value={filters.risk} />}
      {filters.asset && <input type="hidden" name="asset" value={filters.asset} />}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('controls.filter.apply')}
        </button>
        <a href="/controls">{t('controls.filter.clear')}</a>
        {linkedTo.risk && <span class="hint">{t('controls.filter.linkedRisk', { ref: linkedTo.risk })}</span>}
        {linkedTo.asset && <span class="hint">{t('controls.filter.linkedAsset', { ref: linkedTo.asset })}</span>}
      </div>
    </form>
  );
}

const LinkCounts = ({ c }: { c: ControlOut }) => (
  <span class="small">
    <span class="nowrap">{t('controls.list.requirements', { n: formatNumber(c.link_counts.requirements) })}</span>
    <br />
    <span class="nowrap muted">{t('controls.list.risksAssets', { k: formatNumber(c.link_counts.risks), a: formatNumber(c.link_counts.assets) })}</span>
  </span>
);

const columns = (today: string): Column<ControlOut>[] => [
  { key: 'ref', label: t('controls.field.ref'), sortable: true, mono: true, render: (c) => <a href={`/controls/${c.id}`}>{c.ref}</a> },
  { key: 'title', label: t('controls.field.title'), sortable: true, render: (c) => <a href={`/controls/${c.id}`}>{c.title}</a> },
  { key: 'level', label: t('controls.field.level'), sortable: true, render: (c) => t(`controls.levelShort.${c.level}`) },
  // Implementation and effectiveness side by side: what was built, and whether evidence shows it works.
  {
    key: 'status',
    label: t('controls.list.status'),
    sortable: true,
    render: (c) => (
      <span class="nowrap">
        <StatusPill status={c.status} />
        <br />
        <EffectivenessPill status={c.effectiveness.status} />
      </span>
    ),
  },
  { key: 'owner', label: t('controls.field.owner'), sortable: true, render: (c) => (c.owner_id && c.owner_name ? <a href={`/people/${c.owner_id}`}>{c.owner_name}</a> : '') },
  { key: 'links', label: t('controls.field.links'), render: (c) => <LinkCounts c={c} /> },
  { key: 'next_review', label: t('controls.list.nextReview'), sortable: true, render: (c) => <NextReview next={c.next_review} state={c.review_state} today={today} stacked /> },
];

/** Review counts as figures linking to the list filtered by that clock. */
function ReviewStats({ counts, query }: { counts: ControlCounts; query: URLSearchParams }) {
  const href = (review: string) => {
    const q = new URLSearchParams(query);
    q.set('review', review);
    q.delete('page');
    return `/controls?${q.toString()}`;
  };
  return (
    <div class="stats">
      <Stat label={t('controls.stats.overdue')} value={formatNumber(counts.byReview.overdue)} detail={t('controls.stats.overdueDetail')} link={{ href: href('overdue'), label: t('controls.stats.show') }} />
      <Stat label={t('controls.stats.dueSoon')} value={formatNumber(counts.byReview.due_soon)} detail={t('controls.stats.dueSoonDetail')} link={{ href: href('due_soon'), label: t('controls.stats.show') }} />
    </div>
  );
}

export function ListView({ items, state, filters, counts, owners, frameworks, linkedTo, canWrite, today }: ListViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  return (
    <>
      <PageHeader title={t('controls.title')} subtitle={t('controls.subtitle')} actions={canWrite ? <AddButton /> : undefined} />
      {state.total === 0 && !filtered ? (
        <EmptyState title={t('controls.empty.title')}>
          <p>{t('controls.empty.body')}</p>
          {canWrite ? (
            <p class="filters-actions">
              <AddButton />
            </p>
          ) : (
            <p class="muted">{t('controls.empty.readOnly')}</p>
          )}
        </EmptyState>
      ) : (
        <>
          <div class="grid-2">
            <section class="card" aria-labelledby="chart-h">
              <h2 id="chart-h">{t('controls.chart.title')}</h2>
              <LevelStatusChart matrix={counts.matrix} />
            </section>
            <section aria-label={t('controls.stats.label')}>
              <ReviewStats counts={counts} query={state.query} />
              <p class="small muted">{t('controls.stats.basis', { days: DUE_SOON_DAYS })}</p>
            </section>
          </div>
          <Filters filters={filters} counts={counts} owners={owners} frameworks={frameworks} linkedTo={linkedTo} state={state} />
          <div class="toolbar">
            <span>{t('controls.count', { n: formatNumber(state.total) })}</span>
            <span class="spacer" />
            <a href={`/controls/export.csv?${exportQuery.toString()}`} download>
              {t('controls.action.export')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('controls.noMatch.title')}>
              <p>
                {t('controls.noMatch.body')} <a href="/controls">{t('controls.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(today)} rows={items} state={state} caption={t('controls.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}
