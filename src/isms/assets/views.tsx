// The asset list: filters kept in the URL, the inventory's make-up as SVG bars, a sortable paged
// table and the CSV export of exactly what is shown. Presented data in, HTML out.
import { BarChart } from '../../web/charts.js';
import { DataTable, EmptyState, PageHeader, Pagination, type Column, type ListState } from '../../web/components.js';
import { currentLocale, formatNumber, t } from '../../web/i18n.js';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, ENVIRONMENTS } from '../tables.js';
import { CiaCompact, ClassificationPill, environmentLabel, kindLabel, OwnerNote, StatusPill } from './parts.js';
import type { Inventory, InventoryEntry } from './service.js';

export interface ListAbilities {
  write: boolean;
  import: boolean;
}

export interface ListViewProps {
  inventory: Inventory;
  state: ListState;
  filters: Record<string, string>;
  owners: { id: string; name: string; status: string; n: number }[];
  can: ListAbilities;
  timeZone: string;
  /** Counts from an import just applied, shown once after the redirect. */
  imported: { created: number; changed: number } | null;
}

function Actions({ can }: { can: ListAbilities }) {
  return (
    <>
      {can.import && (
        <a class="btn btn--ghost" href="/assets/import">
          {t('assets.action.import')}
        </a>
      )}
      {can.write && (
        <a class="btn" href="/assets/new">
          {t('assets.action.add')}
        </a>
      )}
    </>
  );
}

function Select({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('assets.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ filters, owners, state }: Pick<ListViewProps, 'filters' | 'owners' | 'state'>) {
  const ownerOptions = [
    { value: 'none', label: t('assets.filter.noOwner') },
    ...owners.map((o) => ({ value: o.id, label: `${o.name}${o.status === 'left' ? ` (${t('assets.owner.leftShort')})` : ''} · ${formatNumber(o.n)}` })),
  ];
  // An owner id typed into the URL that owns nothing any more still shows as chosen.
  if (filters.owner && !ownerOptions.some((o) => o.value === filters.owner)) ownerOptions.push({ value: filters.owner, label: filters.owner });
  return (
    <form class="filters filters--six" method="get" action="/assets" role="search" aria-label={t('assets.filter.label')}>
      <div class="field">
        <label for="f-q">{t('assets.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('assets.filter.qHint')} />
      </div>
      <Select name="kind" label={t('assets.field.kind')} value={filters.kind} options={ASSET_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
      <Select
        name="classification"
        label={t('assets.field.classification')}
        value={filters.classification}
        options={CLASSIFICATIONS.map((c) => ({ value: c, label: t(`assets.classification.${c}`) }))}
      />
      <Select
        name="environment"
        label={t('assets.field.environment')}
        value={filters.environment}
        options={[...ENVIRONMENTS.map((e) => ({ value: e, label: environmentLabel(e) })), { value: 'none', label: environmentLabel(null) }]}
      />
      <Select name="owner" label={t('assets.field.owner')} value={filters.owner} options={ownerOptions} />
      <Select name="status" label={t('assets.field.status')} value={filters.status} options={ASSET_STATUSES.map((s) => ({ value: s, label: t(`assets.status.${s}`) }))} />
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('assets.filter.apply')}
        </button>
        <a href="/assets">{t('assets.filter.clear')}</a>
      </div>
    </form>
  );
}

/** The filtered inventory by kind and by classification, as bars with a table for screen readers. */
function Summary({ inventory: inv }: { inventory: Inventory }) {
  const kinds = inv.byKind.map((k) => ({ label: kindLabel(k.key), value: k.n }));
  const classes = inv.byClassification.map((c) => ({ label: t(`assets.classification.${c.key}`), value: c.n }));
  const top = (data: { label: string; value: number }[]) => data.reduce((a, b) => (b.value > a.value ? b : a));
  return (
    <section class="stats" aria-labelledby="summary-h">
      <h2 id="summary-h" class="visually-hidden">
        {t('assets.summary.title')}
      </h2>
      <div class="stat">
        <p class="stat-label">{t('assets.summary.byKind')}</p>
        <BarChart
          id="assets-kind"
          title={t('assets.summary.byKind')}
          description={t('assets.summary.desc', { n: formatNumber(inv.total), top: top(kinds).label, count: formatNumber(top(kinds).value) })}
          labelHeader={t('assets.field.kind')}
          valueHeader={t('assets.summary.count')}
          data={kinds}
          empty={t('assets.summary.empty')}
        />
      </div>
      <div class="stat">
        <p class="stat-label">{t('assets.summary.byClassification')}</p>
        <BarChart
          id="assets-classification"
          title={t('assets.summary.byClassification')}
          description={t('assets.summary.desc', { n: formatNumber(inv.total), top: top(classes).label, count: formatNumber(top(classes).value) })}
          labelHeader={t('assets.field.classification')}
          valueHeader={t('assets.summary.count')}
          data={classes}
          empty={t('assets.summary.empty')}
        />
      </div>
    </section>
  );
}

// Seven columns stay readable beside the navigation: the environment rides under the kind and a
// retired asset says so beside its name (the status filter finds them all).
const columns = (timeZone: string): Column<InventoryEntry>[] => {
  // One formatter per page, in the organisation's time zone (a new one per row costs more than the row).
  const day = new Intl.DateTimeFormat(currentLocale() === 'fi' ? 'fi-FI' : 'en-GB', { dateStyle: 'medium', timeZone });
  return [
  { key: 'ref', label: t('assets.field.ref'), sortable: true, mono: true, render: (a) => <a href={`/assets/${a.id}`}>{a.ref}</a> },
  {
    key: 'name',
    label: t('assets.field.name'),
    sortable: true,
    render: (a) => (
      <>
        <a href={`/assets/${a.id}`}>{a.name}</a>
        {a.status === 'retired' && (
          <>
            {' '}
            <StatusPill status="retired" />
          </>
        )}
      </>
    ),
  },
  {
    key: 'kind',
    label: t('assets.field.kind'),
    sortable: true,
    render: (a) => (
      <>
        {kindLabel(a.kind)}
        {a.environment && <span class="sub">{environmentLabel(a.environment)}</span>}
      </>
    ),
  },
  { key: 'classification', label: t('assets.field.classification'), sortable: true, render: (a) => <ClassificationPill value={a.classification} /> },
  { key: 'cia', label: t('assets.field.cia'), render: (a) => <CiaCompact c={a.confidentiality} i={a.integrity} a={a.availability} /> },
  {
    key: 'owner',
    label: t('assets.field.owner'),
    sortable: true,
    render: (a) => (
      <>
        {a.owner_id && a.owner_name ? <a href={`/people/${a.owner_id}`}>{a.owner_name}</a> : null} <OwnerNote ownerId={a.owner_id} ownerStatus={a.owner_status} />
      </>
    ),
  },
  { key: 'updated', label: t('assets.field.updated'), sortable: true, render: (a) => <span class="nowrap">{day.format(new Date(a.updated_at))}</span> },
  ];
};

export function ListView({ inventory, state, filters, owners, can, timeZone, imported }: ListViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  return (
    <>
      <PageHeader title={t('assets.title')} subtitle={t('assets.subtitle')} actions={<Actions can={can} />} />
      {imported && (
        <div class="alert alert--ok" role="status">
          {t('assets.imported', { created: imported.created, changed: imported.changed })}
        </div>
      )}
      {state.total === 0 && !filtered ? (
        <EmptyState title={t('assets.empty.title')}>
          <p>{t('assets.empty.body')}</p>
          {can.write || can.import ? (
            <p class="filters-actions">
              <Actions can={can} />
            </p>
          ) : (
            <p class="muted">{t('assets.empty.readOnly')}</p>
          )}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} owners={owners} state={state} />
          {state.total > 0 && <Summary inventory={inventory} />}
          <div class="toolbar">
            <span>{t('assets.count', { n: formatNumber(state.total) })}</span>
            <span class="spacer" />
            <a href={`/assets/export.csv?${exportQuery.toString()}`} download>
              {t('assets.action.export')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('assets.noMatch.title')}>
              <p>
                {t('assets.noMatch.body')} <a href="/assets">{t('assets.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(timeZone)} rows={inventory.items} state={state} caption={t('assets.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}
