// Context issue list, detail and form views: presented data in, HTML out.
import type { AuditEventOut } from '../../audit/schema.js';
import { CsrfField, DataTable, EmptyState, ErrorSummary, Field, PageHeader, Pagination, Pill, SelectField, type Column, type ListState } from '../../web/components.js';
import { truncate } from '../../web/charts.js';
import { zonedDate } from '../../web/dates.js';
import { formatDateTime, t } from '../../web/i18n.js';
import type { ContextIssueOut } from './context-schema.js';
import { ISSUE_CATEGORIES, ISSUE_KINDS } from './tables.js';
import { Crumbs, exportQuery, fieldLabel, History, ListToolbar, namedErrors, Paragraphs, TextArea } from './view-parts.js';
import { formatDate, formatNumber } from './format.js';

const KindPill = ({ kind }: { kind: string }) => <Pill tone={kind === 'external' ? 'info' : 'muted'}>{t(`scope.kind.${kind}`)}</Pill>;

function Filters({ filters, state }: { filters: Record<string, string>; state: ListState }) {
  return (
    <form class="filters" method="get" action="/scope/context" role="search" aria-label={t('scope.context.filterLabel')}>
      <div class="field">
        <label for="f-q">{t('scope.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('scope.context.qHint')} />
      </div>
      <div class="field">
        <label for="f-kind">{t('scope.field.kind')}</label>
        <select id="f-kind" name="kind">
          <option value="">{t('scope.filter.all')}</option>
          {ISSUE_KINDS.map((k) => (
            <option value={k} selected={k === filters.kind}>
              {t(`scope.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-category">{t('scope.field.category')}</label>
        <select id="f-category" name="category">
          <option value="">{t('scope.filter.all')}</option>
          {ISSUE_CATEGORIES.map((k) => (
            <option value={k} selected={k === filters.category}>
              {t(`scope.category.${k}`)}
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
        <a href="/scope/context">{t('scope.filter.clear')}</a>
      </div>
    </form>
  );
}

const columns = (timeZone: string): Column<ContextIssueOut>[] => [
  { key: 'ref', label: t('scope.field.ref'), sortable: true, mono: true, render: (i) => <a href={`/scope/context/${i.id}`}>{i.ref}</a> },
  { key: 'title', label: t('scope.field.title'), sortable: true, render: (i) => <a href={`/scope/context/${i.id}`}>{i.title}</a> },
  { key: 'kind', label: t('scope.field.kindShort'), sortable: true, render: (i) => <KindPill kind={i.kind} /> },
  { key: 'category', label: t('scope.field.category'), sortable: true, render: (i) => t(`scope.category.${i.category}`) },
  { key: 'effect', label: t('scope.field.effect'), render: (i) => (i.effect ? truncate(i.effect, 120) : <span class="muted">{t('scope.context.noEffect')}</span>) },
  { key: 'risks', label: t('scope.field.risks'), render: (i) => i.risks.map((r) => r.ref).join(', ') || '—' },
  { key: 'updated_at', label: t('scope.field.changed'), sortable: true, render: (i) => <span class="nowrap">{formatDate(zonedDate(new Date(i.updated_at), timeZone))}</span> },
];

export function ContextListView({ items, state, filters, canWrite, timeZone }: { items: ContextIssueOut[]; state: ListState; filters: Record<string, string>; canWrite: boolean; timeZone: string }) {
  const add = canWrite ? (
    <a class="btn" href="/scope/context/new">
      {t('scope.context.add')}
    </a>
  ) : undefined;
  return (
    <>
      <Crumbs />
      <PageHeader title={t('scope.context.title')} subtitle={t('scope.context.subtitle')} actions={add} />
      {state.total === 0 && Object.keys(filters).length === 0 ? (
        <EmptyState title={t('scope.context.emptyTitle')}>
          <p>{t('scope.context.emptyBody')}</p>
          {canWrite ? <p>{add}</p> : <p class="muted">{t('scope.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} state={state} />
          <ListToolbar count={t('scope.context.count', { n: formatNumber(state.total) })} exportHref={`/scope/context/export.csv?${exportQuery(state.query, state.sort, state.dir)}`} />
          {state.total === 0 ? (
            <EmptyState title={t('scope.noMatch.title')}>
              <p>
                {t('scope.noMatch.body')} <a href="/scope/context">{t('scope.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns(timeZone)} rows={items} state={state} caption={t('scope.context.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}

export function ContextDetailView({ issue, history, canWrite, csrf, timeZone }: { issue: ContextIssueOut; history: AuditEventOut[] | null; canWrite: boolean; csrf: string; timeZone: string }) {
  const actions = canWrite ? (
    <>
      <a class="btn" href={`/scope/context/${issue.id}/edit`}>
        {t('scope.action.edit')}
      </a>
      <form method="post" action={`/scope/context/${issue.id}/delete`} class="inline">
        <CsrfField token={csrf} />
        <button type="submit" class="btn btn--ghost" data-confirm={t('scope.context.confirmDelete', { ref: issue.ref })}>
          {t('scope.action.delete')}
        </button>
      </form>
    </>
  ) : undefined;
  return (
    <>
      <Crumbs list={{ href: '/scope/context', label: t('scope.context.title') }} />
      <PageHeader title={`${issue.ref} · ${issue.title}`} actions={actions} />
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="issue-h">
            <h2 id="issue-h">{t('scope.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('scope.field.kind')}</dt>
              <dd>
                <KindPill kind={issue.kind} />
              </dd>
              <dt>{t('scope.field.category')}</dt>
              <dd>
                <a href={`/scope/context?category=${issue.category}`}>{t(`scope.category.${issue.category}`)}</a>
              </dd>
              <dt>{t('scope.field.risks')}</dt>
              <dd>
                {issue.risks.length ? (
                  <ul class="plain">
                    {issue.risks.map((r) => (
                      <li>
                        <a href={`/risks/${r.id}`}>
                          <span class="mono">{r.ref}</span> {r.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="muted">{t('scope.context.noRisks')}</span>
                )}
              </dd>
              <dt>{t('scope.field.updated_at')}</dt>
              <dd>{formatDateTime(issue.updated_at, timeZone)}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="desc-h">
            <h2 id="desc-h">{t('scope.field.description')}</h2>
            <Paragraphs text={issue.description} />
            <h2 class="section-h">{t('scope.field.effect')}</h2>
            {issue.effect ? <Paragraphs text={issue.effect} /> : <p class="muted">{t('scope.context.noEffectLong')}</p>}
          </section>
        </div>
        {history && <History events={history} timeZone={timeZone} auditHref={`/audit?entity_type=context_issue&entity_id=${issue.id}`} />}
      </div>
    </>
  );
}

export const CONTEXT_FORM_FIELDS = ['title', 'kind', 'category', 'description', 'effect', 'risks'] as const;
export type ContextFormValues = Record<(typeof CONTEXT_FORM_FIELDS)[number], string>;
export const emptyContextForm = (): ContextFormValues => ({ title: '', kind: 'external', category: 'regulatory', description: '', effect: '', risks: '' });

export function ContextForm({ issue, values, errors, csrf }: { issue?: ContextIssueOut; values: ContextFormValues; errors: { field: string; message: string }[]; csrf: string }) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.filter((e) => e.field === f).map((e) => e.message).join(' ') || undefined;
  const title = issue ? t('scope.context.editTitle', { ref: issue.ref }) : t('scope.context.newTitle');
  return (
    <>
      <Crumbs list={{ href: '/scope/context', label: t('scope.context.title') }} />
      <PageHeader title={title} subtitle={t('scope.context.formSubtitle')} />
      <ErrorSummary errors={namedErrors(shown, (f) => fieldLabel(f))} />
      <form method="post" action={issue ? `/scope/context/${issue.id}/edit` : '/scope/context/new'} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="title" label={t('scope.field.title')} value={values.title} error={err('title')} required maxlength={200} />
        <div class="form-grid">
          <SelectField name="kind" label={t('scope.field.kind')} value={values.kind} error={err('kind')} required options={ISSUE_KINDS.map((k) => ({ value: k, label: t(`scope.kind.${k}`) }))} />
          <SelectField
            name="category"
            label={t('scope.field.category')}
            value={values.category}
            error={err('category')}
            required
            options={ISSUE_CATEGORIES.map((k) => ({ value: k, label: t(`scope.category.${k}`) }))}
          />
        </div>
        <TextArea name="description" label={t('scope.field.description')} hint={t('scope.context.descriptionHint')} value={values.description} error={err('description')} required rows={4} maxlength={4000} />
        <TextArea name="effect" label={t('scope.field.effect')} hint={t('scope.context.effectHint')} value={values.effect} error={err('effect')} rows={4} maxlength={4000} />
        <Field name="risks" label={t('scope.field.risks')} hint={t('scope.context.risksHint')} value={values.risks} error={err('risks')} maxlength={1000} autocomplete="off" />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {issue ? t('scope.form.saveChanges') : t('scope.context.add')}
          </button>
          <a href={issue ? `/scope/context/${issue.id}` : '/scope/context'}>{t('scope.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
