// The objectives list: status counts, filters, a table with each objective's trend, and the add/edit form.
import { CsrfField, DataTable, EmptyState, ErrorSummary, Field, PageHeader, Pagination, SelectField, type Column, type ListState } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { Sparkline, type Point } from './charts.js';
import { formatDate, formatNumber, formatValue, targetShort } from './format.js';
import type { ObjectiveOut } from './objectives-schema.js';
import { AT_RISK_WINDOW_DAYS, OBJECTIVE_STATUSES, type ObjectiveStatus } from './status.js';
import { DIRECTIONS } from './tables.js';
import { Countdown, Crumbs, exportQuery, fieldLabel, ListToolbar, namedErrors, ObjectiveStatusPill, TextArea } from './view-parts.js';

export interface ObjectivesListProps {
  items: ObjectiveOut[];
  trends: Map<string, Point[]>;
  counts: Record<ObjectiveStatus, number>;
  owners: { id: string; name: string }[];
  state: ListState;
  filters: Record<string, string>;
  canWrite: boolean;
}

/** One link per status with its count; the current status filter is marked. */
function StatusCounts({ counts, active }: { counts: Record<ObjectiveStatus, number>; active: string | undefined }) {
  return (
    <nav aria-label={t('scope.objectives.byStatus')}>
      <ul class="status-counts">
        {OBJECTIVE_STATUSES.map((s) => (
          <li>
            <a href={`/scope/objectives?status=${s}`} aria-current={active === s ? 'true' : undefined}>
              <ObjectiveStatusPill status={s} /> <span class="num">{formatNumber(counts[s])}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Filters({ filters, owners, state }: Pick<ObjectivesListProps, 'filters' | 'owners' | 'state'>) {
  return (
    <form class="filters" method="get" action="/scope/objectives" role="search" aria-label={t('scope.objectives.filterLabel')}>
      <div class="field">
        <label for="f-q">{t('scope.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('scope.objectives.qHint')} />
      </div>
      <div class="field">
        <label for="f-status">{t('scope.field.status')}</label>
        <select id="f-status" name="status">
          <option value="">{t('scope.filter.all')}</option>
          {OBJECTIVE_STATUSES.map((s) => (
            <option value={s} selected={s === filters.status}>
              {t(`scope.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-owner">{t('scope.field.owner')}</label>
        <select id="f-owner" name="owner_id">
          <option value="">{t('scope.filter.all')}</option>
          {owners.map((o) => (
            <option value={o.id} selected={o.id === filters.owner_id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('scope.filter.apply')}
        </button>
        <a href="/scope/objectives">{t('scope.filter.clear')}</a>
      </div>
    </form>
  );
}

const columns = (trends: Map<string, Point[]>): Column<ObjectiveOut>[] => [
  { key: 'ref', label: t('scope.field.ref'), sortable: true, mono: true, render: (o) => <a href={`/scope/objectives/${o.id}`}>{o.ref}</a> },
  { key: 'title', label: t('scope.objectives.objective'), sortable: true, render: (o) => <a href={`/scope/objectives/${o.id}`}>{o.title}</a> },
  { key: 'owner', label: t('scope.field.owner'), render: (o) => (o.owner_id && o.owner_name ? <a href={`/people/${o.owner_id}`}>{o.owner_name}</a> : '—') },
  { key: 'current', label: t('scope.field.current_value'), numeric: true, render: (o) => (o.current_value === null ? '—' : formatValue(o.current_value, o.unit)) },
  { key: 'target', label: t('scope.field.target'), numeric: true, render: (o) => <span class="nowrap">{targetShort(o.target, o.direction, o.unit)}</span> },
  { key: 'trend', label: t('scope.objectives.trend'), render: (o) => <Sparkline points={trends.get(o.id) ?? []} target={o.target} direction={o.direction} unit={o.unit} /> },
  {
    key: 'due_date',
    label: t('scope.field.due_date'),
    sortable: true,
    render: (o) => (
      <>
        <span class="nowrap">{formatDate(o.due_date)}</span>
        <span class="sub">
          <Countdown days={o.status_basis.days_left} date={o.due_date} />
        </span>
      </>
    ),
  },
  { key: 'status', label: t('scope.field.status'), sortable: true, render: (o) => <ObjectiveStatusPill status={o.status} /> },
];

export function ObjectivesListView({ items, trends, counts, owners, state, filters, canWrite }: ObjectivesListProps) {
  const add = canWrite ? (
    <a class="btn" href="/scope/objectives/new">
      {t('scope.objectives.add')}
    </a>
  ) : undefined;
  const none = OBJECTIVE_STATUSES.every((s) => counts[s] === 0);
  return (
    <>
      <Crumbs />
      <PageHeader title={t('scope.objectives.title')} subtitle={t('scope.objectives.subtitle')} actions={add} />
      {none ? (
        <EmptyState title={t('scope.objectives.emptyTitle')}>
          <p>{t('scope.objectives.emptyBody')}</p>
          {canWrite ? <p>{add}</p> : <p class="muted">{t('scope.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <>
          <StatusCounts counts={counts} active={filters.status} />
          <Filters filters={filters} owners={owners} state={state} />
          <ListToolbar count={t('scope.objectives.count', { n: formatNumber(state.total) })} exportHref={`/scope/objectives/export.csv?${exportQuery(state.query, state.sort, state.dir)}`} />
          {state.total === 0 ? (
            <EmptyState title={t('scope.noMatch.title')}>
              <p>
                {t('scope.noMatch.body')} <a href="/scope/objectives">{t('scope.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(trends)} rows={items} state={state} caption={t('scope.objectives.title')} />
              <Pagination state={state} />
            </>
          )}
          <p class="list-note">{t('scope.objectives.ruleShort', { days: AT_RISK_WINDOW_DAYS })}</p>
        </>
      )}
    </>
  );
}

export const OBJECTIVE_FORM_FIELDS = ['title', 'description', 'metric', 'unit', 'target', 'direction', 'owner_id', 'due_date', 'current_value'] as const;
export type ObjectiveFormValues = Record<(typeof OBJECTIVE_FORM_FIELDS)[number], string>;
export const emptyObjectiveForm = (): ObjectiveFormValues => ({ title: '', description: '', metric: '', unit: '%', target: '', direction: 'higher', owner_id: '', due_date: '', current_value: '' });

export interface ObjectiveFormProps {
  objective?: ObjectiveOut;
  values: ObjectiveFormValues;
  errors: { field: string; message: string }[];
  owners: { id: string; name: string; email: string }[];
  csrf: string;
}

/** A text input for numbers: "95", "2.5" and "2,5" are all read, so no browser number widget. */
const NumberField = (p: { name: string; label: string; value: string; error: string | undefined; hint?: string; required?: boolean }) => (
  <Field name={p.name} label={p.label} value={p.value} error={p.error} inputmode="text" maxlength={30} autocomplete="off" {...(p.hint ? { hint: p.hint } : {})} {...(p.required ? { required: true } : {})} />
);

export function ObjectiveForm({ objective, values, errors, owners, csrf }: ObjectiveFormProps) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.filter((e) => e.field === f).map((e) => e.message).join(' ') || undefined;
  const title = objective ? t('scope.objectives.editTitle', { ref: objective.ref }) : t('scope.objectives.newTitle');
  return (
    <>
      <Crumbs list={{ href: '/scope/objectives', label: t('scope.objectives.title') }} />
      <PageHeader title={title} subtitle={t('scope.objectives.formSubtitle')} />
      <ErrorSummary errors={namedErrors(shown, (f) => fieldLabel(f))} />
      <form method="post" action={objective ? `/scope/objectives/${objective.id}/edit` : '/scope/objectives/new'} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="title" label={t('scope.field.title')} value={values.title} error={err('title')} required maxlength={200} />
        <TextArea name="description" label={t('scope.field.description')} hint={t('scope.objectives.descriptionHint')} value={values.description} error={err('description')} rows={3} maxlength={4000} />
        <Field name="metric" label={t('scope.field.metric')} hint={t('scope.objectives.metricHint')} value={values.metric} error={err('metric')} required maxlength={200} />
        <div class="form-grid">
          <SelectField
            name="direction"
            label={t('scope.field.direction')}
            value={values.direction}
            error={err('direction')}
            required
            options={DIRECTIONS.map((d) => ({ value: d, label: t(`scope.direction.${d}`) }))}
          />
          <NumberField name="target" label={t('scope.field.target')} value={values.target} error={err('target')} required />
          <Field name="unit" label={t('scope.field.unit')} hint={t('scope.objectives.unitHint')} value={values.unit} error={err('unit')} maxlength={20} />
        </div>
        <div class="form-grid">
          <SelectField
            name="owner_id"
            label={t('scope.field.owner')}
            value={values.owner_id}
            error={err('owner_id')}
            required
            options={[{ value: '', label: t('scope.objectives.chooseOwner') }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
          />
          <Field name="due_date" type="date" label={t('scope.field.due_date')} value={values.due_date} error={err('due_date')} required />
        </div>
        {!objective && <NumberField name="current_value" label={t('scope.objectives.firstValue')} hint={t('scope.objectives.firstValueHint')} value={values.current_value} error={err('current_value')} />}
        <div class="filters-actions">
          <button type="submit" class="btn">
            {objective ? t('scope.form.saveChanges') : t('scope.objectives.add')}
          </button>
          <a href={objective ? `/scope/objectives/${objective.id}` : '/scope/objectives'}>{t('scope.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
