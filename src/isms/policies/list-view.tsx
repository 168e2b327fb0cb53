// The policy list: what waits for the reader's acknowledgement first, then filters, table, paging, CSV.
import { DataTable, EmptyState, PageHeader, Pagination, Pill, type Column, type ListState } from '../../web/components.js';
import { formatDate, formatNumber, t } from '../../web/i18n.js';
import { DueDate, levelLabel, ReviewPill, VersionPill } from './parts.js';
import { POLICY_STATUS_FILTERS, REVIEW_STATES, type PendingOut, type PolicyOut } from './schema.js';
import { POLICY_LEVELS } from './tables.js';

export interface ListAbilities {
  write: boolean;
  /** Sees drafts and unpublished policies (and may filter by status and owner). */
  drafts: boolean;
}

export interface ListViewProps {
  items: PolicyOut[];
  state: ListState;
  filters: Record<string, string>;
  owners: { id: string; name: string }[];
  pending: PendingOut[];
  today: string;
  can: ListAbilities;
}

function Filters({ filters, owners, state, can }: Pick<ListViewProps, 'filters' | 'owners' | 'state' | 'can'>) {
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('policies.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === filters[name]}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="filters" method="get" action="/policies" role="search" aria-label={t('policies.filter.label')}>
      <div class="field">
        <label for="f-q">{t('policies.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('policies.filter.qHint')} />
      </div>
      {select('level', t('policies.field.level'), POLICY_LEVELS.map((l) => ({ value: l, label: levelLabel(l) })))}
      {can.drafts && select('status', t('policies.field.status'), POLICY_STATUS_FILTERS.map((s) => ({ value: s, label: t(`policies.filter.status.${s}`) })))}
      {can.drafts && select('owner_id', t('policies.field.owner'), owners.map((o) => ({ value: o.id, label: o.name })))}
      {select('review', t('policies.field.review'), REVIEW_STATES.map((s) => ({ value: s, label: t(`policies.review.${s}`) })))}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('policies.filter.apply')}
        </button>
        <a href="/policies">{t('policies.filter.clear')}</a>
      </div>
    </form>
  );
}

function columns(today: string, drafts: boolean): Column<PolicyOut>[] {
  return [
    { key: 'ref', label: t('policies.field.ref'), sortable: true, mono: true, render: (p) => p.ref },
    { key: 'title', label: t('policies.field.title'), sortable: true, render: (p) => <a href={`/policies/${p.id}`}>{p.title}</a> },
    { key: 'level', label: t('policies.field.level'), sortable: true, render: (p) => levelLabel(p.level) },
    { key: 'owner', label: t('policies.field.owner'), render: (p) => p.owner?.name ?? '—' },
    {
      key: 'version',
      label: t('policies.field.version'),
      render: (p) => (
        <>
          {p.published_version !== null ? (
            <span class="nowrap">
              {t('policies.list.versionN', { n: p.published_version })}
              <span class="sub">{t('policies.list.publishedOn', { date: formatDate(p.published_at) })}</span>
            </span>
          ) : null}
          {drafts && p.open_version !== null && p.open_status ? (
            <span class="nowrap sub-pill">
              <VersionPill status={p.open_status} /> {t('policies.list.versionN', { n: p.open_version })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'next_review',
      label: t('policies.field.nextReview'),
      sortable: true,
      render: (p) => (
        <>
          <ReviewPill state={p.review_status} />
          {p.next_review ? (
            <span class="sub nowrap">
              <DueDate date={p.next_review} today={today} />
            </span>
          ) : null}
        </>
      ),
    },
  ];
}

/** "Waiting for your acknowledgement": the reader's own pending policies, soonest due first. */
export function PendingCard({ pending, today }: { pending: PendingOut[]; today: string }) {
  if (!pending.length) return null;
  return (
    <section class="card pending-acks" aria-labelledby="pending-h">
      <div class="card-head">
        <h2 id="pending-h">{t('policies.pending.title', { n: pending.length })}</h2>
      </div>
      <ul class="plain-list">
        {pending.map((p) => (
          <li>
            <a href={`/policies/${p.policy_id}`}>{p.title}</a> <span class="muted mono">{p.ref}</span> · {t('policies.list.versionN', { n: p.version })} ·{' '}
            {p.overdue ? <Pill tone="bad">{t('policies.ack.overdue')}</Pill> : <Pill tone="info">{t('policies.ack.pending')}</Pill>} {t('policies.pending.due')} <DueDate date={p.due_date} today={today} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ListView({ items, state, filters, owners, pending, today, can }: ListViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  const newButton = can.write ? (
    <a class="btn" href="/policies/new">
      {t('policies.action.new')}
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title={t('policies.title')} subtitle={t(can.drafts ? 'policies.subtitle' : 'policies.subtitleStaff')} actions={newButton} />
      <PendingCard pending={pending} today={today} />
      {state.total === 0 && !filtered ? (
        <EmptyState title={t(can.drafts ? 'policies.empty.title' : 'policies.empty.titleStaff')}>
          <p>{t(can.drafts ? 'policies.empty.body' : 'policies.empty.bodyStaff')}</p>
          {can.write && (
            <p class="filters-actions">
              <a class="btn" href="/policies/new">
                {t('policies.empty.fromTemplate')}
              </a>
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} owners={owners} state={state} can={can} />
          <div class="toolbar">
            <span>{t('policies.count', { n: formatNumber(state.total) })}</span>
            <span class="spacer" />
            <a href={`/policies/export.csv?${exportQuery.toString()}`} download>
              {t('policies.action.export')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('policies.noMatch.title')}>
              <p>
                {t('policies.noMatch.body')} <a href="/policies">{t('policies.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(today, can.drafts)} rows={items} state={state} caption={t('policies.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}
