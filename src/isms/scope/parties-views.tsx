// Interested party list, detail and form views: presented data in, HTML out.
import type { AuditEventOut } from '../../audit/schema.js';
import { CompletionBar, truncate } from '../../web/charts.js';
import { CsrfField, DataTable, EmptyState, ErrorSummary, Field, PageHeader, Pagination, SelectField, type Column, type ListState } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { SPARE_ROWS } from './form-posts.js';
import type { PartyOut } from './parties-schema.js';
import { PARTY_CATEGORIES } from './tables.js';
import { Crumbs, exportQuery, fieldLabel, History, ListToolbar, namedErrors, Paragraphs, TextArea, YesNoPill } from './view-parts.js';
import { formatNumber } from './format.js';

const ROWS = { requirements: { legend: 'scope.parties.requirementN', fields: { through_isms: 'scope.parties.throughQuestion' } } };

function Filters({ filters, state }: { filters: Record<string, string>; state: ListState }) {
  return (
    <form class="filters" method="get" action="/scope/parties" role="search" aria-label={t('scope.parties.filterLabel')}>
      <div class="field">
        <label for="f-q">{t('scope.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('scope.parties.qHint')} />
      </div>
      <div class="field">
        <label for="f-category">{t('scope.field.partyCategory')}</label>
        <select id="f-category" name="category">
          <option value="">{t('scope.filter.all')}</option>
          {PARTY_CATEGORIES.map((k) => (
            <option value={k} selected={k === filters.category}>
              {t(`scope.partyCategory.${k}`)}
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
        <a href="/scope/parties">{t('scope.filter.clear')}</a>
      </div>
    </form>
  );
}

const through = (p: PartyOut) => p.requirements.filter((r) => r.through_isms).length;

const columns = (): Column<PartyOut>[] => [
  { key: 'ref', label: t('scope.field.ref'), sortable: true, mono: true, render: (p) => <a href={`/scope/parties/${p.id}`}>{p.ref}</a> },
  {
    key: 'name',
    label: t('scope.field.name'),
    sortable: true,
    render: (p) => (
      <>
        <a href={`/scope/parties/${p.id}`}>{p.name}</a>
        {p.description && <span class="sub">{truncate(p.description, 140)}</span>}
      </>
    ),
  },
  { key: 'category', label: t('scope.field.partyCategory'), sortable: true, render: (p) => t(`scope.partyCategory.${p.category}`) },
  { key: 'requirements', label: t('scope.field.requirements'), numeric: true, render: (p) => (p.requirements.length ? formatNumber(p.requirements.length) : <span class="muted">{t('scope.parties.noRequirements')}</span>) },
  {
    key: 'through',
    label: t('scope.parties.throughIsms'),
    render: (p) =>
      p.requirements.length ? <CompletionBar part={through(p)} total={p.requirements.length} label={t('scope.parties.throughOf', { n: through(p), total: p.requirements.length })} /> : '—',
  },
];

export function PartiesListView({ items, state, filters, canWrite }: { items: PartyOut[]; state: ListState; filters: Record<string, string>; canWrite: boolean }) {
  const add = canWrite ? (
    <a class="btn" href="/scope/parties/new">
      {t('scope.parties.add')}
    </a>
  ) : undefined;
  return (
    <>
      <Crumbs />
      <PageHeader title={t('scope.parties.title')} subtitle={t('scope.parties.subtitle')} actions={add} />
      {state.total === 0 && Object.keys(filters).length === 0 ? (
        <EmptyState title={t('scope.parties.emptyTitle')}>
          <p>{t('scope.parties.emptyBody')}</p>
          {canWrite ? <p>{add}</p> : <p class="muted">{t('scope.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} state={state} />
          <ListToolbar count={t('scope.parties.count', { n: formatNumber(state.total) })} exportHref={`/scope/parties/export.csv?${exportQuery(state.query, state.sort, state.dir)}`} />
          {state.total === 0 ? (
            <EmptyState title={t('scope.noMatch.title')}>
              <p>
                {t('scope.noMatch.body')} <a href="/scope/parties">{t('scope.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns()} rows={items} state={state} caption={t('scope.parties.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}

export function PartyDetailView({ party, history, canWrite, csrf, timeZone }: { party: PartyOut; history: AuditEventOut[] | null; canWrite: boolean; csrf: string; timeZone: string }) {
  const actions = canWrite ? (
    <>
      <a class="btn" href={`/scope/parties/${party.id}/edit`}>
        {t('scope.action.edit')}
      </a>
      <form method="post" action={`/scope/parties/${party.id}/delete`} class="inline">
        <CsrfField token={csrf} />
        <button type="submit" class="btn btn--ghost" data-confirm={t('scope.parties.confirmDelete', { name: party.name })}>
          {t('scope.action.delete')}
        </button>
      </form>
    </>
  ) : undefined;
  return (
    <>
      <Crumbs list={{ href: '/scope/parties', label: t('scope.parties.title') }} />
      <PageHeader title={`${party.ref} · ${party.name}`} subtitle={t(`scope.partyCategory.${party.category}`)} actions={actions} />
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="party-h">
            <h2 id="party-h">{t('scope.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('scope.field.partyCategory')}</dt>
              <dd>
                <a href={`/scope/parties?category=${party.category}`}>{t(`scope.partyCategory.${party.category}`)}</a>
              </dd>
              <dt>{t('scope.field.description')}</dt>
              <dd>{party.description ? <Paragraphs text={party.description} /> : '—'}</dd>
              <dt>{t('scope.field.updated_at')}</dt>
              <dd>{formatDateTime(party.updated_at, timeZone)}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="reqs-h">
            <h2 id="reqs-h">{t('scope.parties.requirementsTitle', { n: party.requirements.length })}</h2>
            {party.requirements.length ? (
              <ol class="requirements">
                {party.requirements.map((r) => (
                  <li>
                    <p class="req-text">
                      <strong>{r.requirement}</strong> <YesNoPill yes={r.through_isms} />
                    </p>
                    <p class="small">{r.how_addressed ?? <span class="muted">{t('scope.parties.howNotDescribed')}</span>}</p>
                  </li>
                ))}
              </ol>
            ) : (
              <p class="muted">{t('scope.parties.noRequirementsLong')}</p>
            )}
          </section>
        </div>
        {history && <History events={history} timeZone={timeZone} auditHref={`/audit?entity_type=interested_party&entity_id=${party.id}`} />}
      </div>
    </>
  );
}

export interface PartyFormValues {
  name: string;
  category: string;
  description: string;
  requirements: { requirement: string; how_addressed: string; through_isms: string }[];
}

export function PartyForm({ party, values, errors, csrf }: { party?: PartyOut; values: PartyFormValues; errors: { field: string; message: string }[]; csrf: string }) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.filter((e) => e.field === f).map((e) => e.message).join(' ') || undefined;
  const title = party ? t('scope.parties.editTitle', { name: party.name }) : t('scope.parties.newTitle');
  return (
    <>
      <Crumbs list={{ href: '/scope/parties', label: t('scope.parties.title') }} />
      <PageHeader title={title} subtitle={t('scope.parties.formSubtitle')} />
      <ErrorSummary errors={namedErrors(shown, (f) => fieldLabel(f, ROWS))} />
      <form method="post" action={party ? `/scope/parties/${party.id}/edit` : '/scope/parties/new'} class="card" novalidate>
        <CsrfField token={csrf} />
        <div class="form-grid">
          <Field name="name" label={t('scope.field.name')} value={values.name} error={err('name')} required maxlength={200} />
          <SelectField
            name="category"
            label={t('scope.field.partyCategory')}
            value={values.category}
            error={err('category')}
            required
            options={PARTY_CATEGORIES.map((k) => ({ value: k, label: t(`scope.partyCategory.${k}`) }))}
          />
        </div>
        <TextArea name="description" label={t('scope.field.description')} hint={t('scope.parties.descriptionHint')} value={values.description} error={err('description')} rows={2} maxlength={4000} />
        <h2 class="section-h">{t('scope.field.requirements')}</h2>
        <p class="hint">{t('scope.parties.requirementsHint')}</p>
        {values.requirements.map((r, i) => (
          <fieldset class="row-group">
            <legend>{t('scope.parties.requirementN', { n: i + 1 })}</legend>
            <TextArea name={`requirements.${i}.requirement`} label={t('scope.field.requirement')} value={r.requirement} error={err(`requirements.${i}.requirement`)} rows={2} maxlength={4000} />
            <TextArea name={`requirements.${i}.how_addressed`} label={t('scope.field.how_addressed')} value={r.how_addressed} error={err(`requirements.${i}.how_addressed`)} rows={2} maxlength={4000} />
            <SelectField
              name={`requirements.${i}.through_isms`}
              label={t('scope.parties.throughQuestion')}
              value={r.through_isms}
              error={err(`requirements.${i}.through_isms`)}
              options={[
                { value: 'yes', label: t('scope.parties.throughYes') },
                { value: 'no', label: t('scope.parties.throughNo') },
              ]}
            />
          </fieldset>
        ))}
        <p class="hint">{t('scope.form.moreRows', { n: SPARE_ROWS })}</p>
        <div class="filters-actions">
          <button type="submit" class="btn">
            {party ? t('scope.form.saveChanges') : t('scope.parties.add')}
          </button>
          <a href={party ? `/scope/parties/${party.id}` : '/scope/parties'}>{t('scope.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
