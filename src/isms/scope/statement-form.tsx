// The scope statement's edit form: the statement, four boundary lists (one entry per line),
// exclusions and interfaces as repeated rows (blank rows are ignored), and the review dates.
import { CsrfField, ErrorSummary, Field, PageHeader } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { SPARE_ROWS } from './form-posts.js';
import { INTERFACE_KINDS } from './tables.js';
import { Crumbs, fieldLabel, namedErrors, TextArea } from './view-parts.js';

const ROWS = {
  exclusions: { legend: 'scope.form.exclusionN', fields: { item: 'scope.form.excludedItem', justification: 'scope.form.justification' } },
  interfaces: { legend: 'scope.form.interfaceN', fields: { party: 'scope.form.party', kind: 'scope.form.interfaceKind', description: 'scope.form.crosses' } },
};

export const LIST_FIELDS = ['org_units', 'locations', 'services', 'systems'] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export interface StatementFormValues {
  statement: string;
  org_units: string;
  locations: string;
  services: string;
  systems: string;
  exclusions: { item: string; justification: string }[];
  interfaces: { party: string; kind: string; description: string }[];
  last_reviewed: string;
  next_review: string;
  expected_version: string;
}


export interface StatementFormProps {
  values: StatementFormValues;
  errors: { field: string; message: string }[];
  csrf: string;
  /** A newer version was saved meanwhile: the form says so above the fields. */
  conflict: boolean;
}

function ExclusionRows({ rows, err }: { rows: StatementFormValues['exclusions']; err: (f: string) => string | undefined }) {
  return (
    <>
      {rows.map((r, i) => (
        <fieldset class="row-group">
          <legend>{t('scope.form.exclusionN', { n: i + 1 })}</legend>
          <Field name={`exclusions.${i}.item`} label={t('scope.form.excludedItem')} value={r.item} error={err(`exclusions.${i}.item`)} maxlength={200} />
          <TextArea name={`exclusions.${i}.justification`} label={t('scope.form.justification')} value={r.justification} error={err(`exclusions.${i}.justification`)} rows={3} maxlength={4000} />
        </fieldset>
      ))}
    </>
  );
}

function InterfaceRows({ rows, err }: { rows: StatementFormValues['interfaces']; err: (f: string) => string | undefined }) {
  return (
    <>
      {rows.map((r, i) => {
        const kindId = `f-interfaces.${i}.kind`;
        const kindErr = err(`interfaces.${i}.kind`);
        return (
          <fieldset class="row-group">
            <legend>{t('scope.form.interfaceN', { n: i + 1 })}</legend>
            <div class="form-grid">
            <Field name={`interfaces.${i}.party`} label={t('scope.form.party')} value={r.party} error={err(`interfaces.${i}.party`)} maxlength={200} />
            <div class={kindErr ? 'field field--error' : 'field'}>
              <label for={kindId}>{t('scope.form.interfaceKind')}</label>
              <select id={kindId} name={`interfaces.${i}.kind`} aria-invalid={kindErr ? 'true' : undefined}>
                {INTERFACE_KINDS.map((k) => (
                  <option value={k} selected={k === r.kind}>
                    {t(`scope.interfaceKind.${k}`)}
                  </option>
                ))}
              </select>
              {kindErr && <p class="error">{kindErr}</p>}
            </div>
            </div>
            <TextArea name={`interfaces.${i}.description`} label={t('scope.form.crosses')} value={r.description} error={err(`interfaces.${i}.description`)} rows={2} maxlength={4000} />
          </fieldset>
        );
      })}
    </>
  );
}

export function StatementForm({ values, errors, csrf, conflict }: StatementFormProps) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.filter((e) => e.field === f).map((e) => e.message).join(' ') || undefined;
  return (
    <>
      <Crumbs />
      <PageHeader title={t('scope.form.title')} subtitle={t('scope.form.subtitle')} />
      {conflict && (
        <div class="alert alert--warn" role="alert">
          <p>{t('scope.form.conflict')}</p>
        </div>
      )}
      <ErrorSummary errors={namedErrors(shown.filter((e) => e.field !== 'expected_version'), (f) => fieldLabel(f, ROWS))} />
      <form method="post" action="/scope/edit" class="card" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="expected_version" value={values.expected_version} />
        <TextArea name="statement" label={t('scope.field.statement')} hint={t('scope.form.statementHint')} value={values.statement} error={err('statement')} required rows={7} maxlength={8000} />
        <h2 class="section-h">{t('scope.statement.boundaries')}</h2>
        <p class="hint">{t('scope.form.listHint')}</p>
        <div class="form-grid form-grid--two">
          {LIST_FIELDS.map((f) => (
            <TextArea name={f} label={t(`scope.field.${f}`)} hint={t(`scope.form.${f}Hint`)} value={values[f]} error={err(f)} rows={7} />
          ))}
        </div>
        <h2 class="section-h">{t('scope.field.exclusions')}</h2>
        <p class="hint">{t('scope.form.exclusionsHint')}</p>
        <ExclusionRows rows={values.exclusions} err={err} />
        <h2 class="section-h">{t('scope.field.interfaces')}</h2>
        <p class="hint">{t('scope.form.interfacesHint')}</p>
        <InterfaceRows rows={values.interfaces} err={err} />
        <p class="hint">{t('scope.form.moreRows', { n: SPARE_ROWS })}</p>
        <h2 class="section-h">{t('scope.review.title')}</h2>
        <div class="form-grid">
          <Field name="last_reviewed" type="date" label={t('scope.field.last_reviewed')} hint={t('scope.form.lastHint')} value={values.last_reviewed} error={err('last_reviewed')} />
          <Field name="next_review" type="date" label={t('scope.field.next_review')} hint={t('scope.form.nextHint')} value={values.next_review} error={err('next_review')} />
        </div>
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('scope.form.save')}
          </button>
          <a href="/scope">{t('scope.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
