// The register's list: filters kept in the URL, sortable columns, pills for scores and states, CSV.
import { DataTable, EmptyState, PageHeader, Pagination, Pill, type Column, type ListState } from '../../web/components.js';
import { formatNumber, t } from '../../web/i18n.js';
import { TREATMENTS } from '../tables.js';
import type { RiskMatrix } from './matrix.js';
import { STATUS_FILTERS, type RiskOut } from './schema.js';
import { inLocale, levelLabel, ReviewPill, RiskTabs, ScorePill, StatusPill } from './view-parts.js';

export interface ListAbilities {
  write: boolean;
  configure: boolean;
}

export interface ListViewProps {
  items: RiskOut[];
  state: ListState;
  filters: Record<string, string>;
  matrix: RiskMatrix;
  owners: { id: string; name: string }[];
  /** The asset named by the `asset` filter (a ref), when it exists. */
  asset: { ref: string; name: string } | null;
  can: ListAbilities;
}

function Actions({ can }: { can: ListAbilities }) {
  return can.write ? (
    <a class="btn" href="/risks/new">
      {t('risks.action.add')}
    </a>
  ) : null;
}

function Select({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('risks.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ filters, matrix, owners, state }: Pick<ListViewProps, 'filters' | 'matrix' | 'owners' | 'state'>) {
  return (
    <form class="filters" method="get" action="/risks" role="search" aria-label={t('risks.filter.label')}>
      <div class="field">
        <label for="f-q">{t('risks.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('risks.filter.qHint')} />
      </div>
      <Select name="band" label={t('risks.field.band')} value={filters.band} options={matrix.bands.map((b) => ({ value: b.key, label: inLocale(b.label) }))} />
      <div class="field">
        <label for="f-basis">{t('risks.filter.basis')}</label>
        <select id="f-basis" name="basis">
          {(['residual', 'inherent'] as const).map((b) => (
            <option value={b} selected={(filters.basis ?? 'residual') === b}>
              {t(`risks.basis.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <Select name="status" label={t('risks.field.status')} value={filters.status} options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`risks.statusFilter.${s}`) }))} />
      <Select name="owner_id" label={t('risks.field.owner')} value={filters.owner_id} options={owners.map((o) => ({ value: o.id, label: o.name }))} />
      <Select
        name="treatment"
        label={t('risks.field.treatment')}
        value={filters.treatment}
        options={[...TREATMENTS.map((x) => ({ value: x, label: t(`risks.treatment.${x}`) })), { value: 'none', label: t('risks.treatment.none') }]}
      />
      <div class="field">
        <label for="f-asset">{t('risks.filter.asset')}</label>
        <input id="f-asset" name="asset" value={filters.asset ?? ''} maxlength={40} placeholder="AST-001" />
      </div>
      {filters.likelihood && <input type="hidden" name="likelihood" value={filters.likelihood} />}
      {filters.impact && <input type="hidden" name="impact" value={filters.impact} />}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('risks.filter.apply')}
        </button>
        <a href="/risks">{t('risks.filter.clear')}</a>
      </div>
    </form>
  );
}

/** Filters that have no control of their own (a heatmap cell, an asset) shown as removable chips. */
function Chips({ filters, matrix, asset, state }: Pick<ListViewProps, 'filters' | 'matrix' | 'asset' | 'state'>) {
  const chips: { label: string; drop: string[] }[] = [];
  if (filters.likelihood || filters.impact) {
    const l = Number(filters.likelihood);
    const i = Number(filters.impact);
    const basis = t(`risks.basis.${filters.basis === 'inherent' ? 'inherent' : 'residual'}`);
    chips.push({ label: t('risks.filter.cell', { basis, likelihood: levelLabel(matrix, 'likelihood', l || null), impact: levelLabel(matrix, 'impact', i || null) }), drop: ['likelihood', 'impact'] });
  }
  if (filters.asset) chips.push({ label: asset ? t('risks.filter.assetChip', { ref: asset.ref, name: asset.name }) : t('risks.filter.assetUnknown', { ref: filters.asset }), drop: ['asset'] });
  if (!chips.length) return null;
  return (
    <ul class="chips" aria-label={t('risks.filter.active')}>
      {chips.map((c) => {
        const q = new URLSearchParams(state.query);
        for (const k of c.drop) q.delete(k);
        return (
          <li class="chip">
            {c.label} <a href={`/risks?${q.toString()}`} aria-label={t('risks.filter.remove', { what: c.label })}>×</a>
          </li>
        );
      })}
    </ul>
  );
}

function columns(matrix: RiskMatrix): Column<RiskOut>[] {
  return [
    { key: 'ref', label: t('risks.field.ref'), sortable: true, mono: true, render: (r) => <a href={`/risks/${r.id}`}>{r.ref}</a> },
    {
      key: 'title',
      label: t('risks.field.title'),
      sortable: true,
      render: (r) => (
        <>
          <a href={`/risks/${r.id}`}>{r.title}</a>
          {r.owner_name && <span class="sub">{r.owner_name}</span>}
        </>
      ),
    },
    { key: 'inherent', label: t('risks.field.inherent'), sortable: true, render: (r) => <ScorePill matrix={matrix} score={r.inherent_score} /> },
    {
      key: 'residual',
      label: t('risks.field.residual'),
      sortable: true,
      render: (r) => (
        <>
          <ScorePill matrix={matrix} score={r.residual_score} />
          <span class="sub">{r.treatment ? t(`risks.treatment.${r.treatment}`) : t('risks.treatment.none')}</span>
        </>
      ),
    },
    {
      key: 'status',
      label: t('risks.field.status'),
      sortable: true,
      render: (r) => (
        <>
          <StatusPill status={r.shown_status} />
          {r.plan.tasks > 0 && (
            <span class="sub">
              {t('risks.plan.openOf', { open: r.plan.open, total: r.plan.tasks })} {r.plan.overdue > 0 && <Pill tone="bad">{t('risks.plan.overdue', { n: r.plan.overdue })}</Pill>}
            </span>
          )}
        </>
      ),
    },
    { key: 'next_review', label: t('risks.field.next_review'), sortable: true, render: (r) => <ReviewPill state={r.review.state} due={r.review.due} /> },
  ];
}

export function ListView({ items, state, filters, matrix, owners, asset, can }: ListViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  return (
    <>
      <PageHeader title={t('risks.title')} subtitle={t('risks.subtitle')} actions={<Actions can={can} />} />
      <RiskTabs current="register" />
      {state.total === 0 && !filtered ? (
        <EmptyState title={t('risks.empty.title')}>
          <p>{t('risks.empty.body')}</p>
          {can.write ? (
            <p class="filters-actions">
              <Actions can={can} />
            </p>
          ) : (
            <p class="muted">{t('risks.empty.readOnly')}</p>
          )}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} matrix={matrix} owners={owners} state={state} />
          <div class="toolbar">
            <span>{t('risks.count', { n: formatNumber(state.total) })}</span>
            <Chips filters={filters} matrix={matrix} asset={asset} state={state} />
            <span class="spacer" />
            <a href={`/risks/export.csv?${exportQuery.toString()}`} download>
              {t('risks.action.export')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('risks.noMatch.title')}>
              <p>
                {t('risks.noMatch.body')} <a href="/risks">{t('risks.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(matrix)} rows={items} state={state} caption={t('risks.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}
