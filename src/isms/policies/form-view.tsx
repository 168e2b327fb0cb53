// Forms for a policy's facts: the new-policy form (blank or from a template) and the details form.
import { CsrfField, ErrorSummary, Field, PageHeader, SelectField } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { levelLabel } from './parts.js';
import { POLICY_LEVELS } from './tables.js';
import type { PolicyTemplate } from './templates.js';

export const FORM_FIELDS = ['template', 'title', 'level', 'owner_id', 'review_interval_months'] as const;
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;
export const emptyForm = (): FormValues => ({ template: '', title: '', level: '', owner_id: '', review_interval_months: '' });

interface Common {
  values: FormValues;
  errors: { field: string; message: string }[];
  owners: { id: string; name: string; email: string }[];
  csrf: string;
}

function FactFields({ values, err, owners, fromTemplate }: { values: FormValues; err: (f: string) => string | undefined; owners: Common['owners']; fromTemplate: boolean }) {
  return (
    <>
      <Field name="title" label={t('policies.field.title')} value={values.title} error={err('title')} maxlength={200} hint={fromTemplate ? t('policies.form.titleHint') : undefined} required={!fromTemplate} />
      <SelectField
        name="level"
        label={t('policies.field.level')}
        value={values.level}
        error={err('level')}
        options={[...(fromTemplate ? [{ value: '', label: t('policies.form.fromTemplate') }] : []), ...POLICY_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))]}
      />
      <SelectField
        name="owner_id"
        label={t('policies.field.owner')}
        value={values.owner_id}
        error={err('owner_id')}
        required
        options={[{ value: '', label: t('policies.form.chooseOwner') }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
      />
      <Field
        name="review_interval_months"
        label={t('policies.field.interval')}
        value={values.review_interval_months}
        error={err('review_interval_months')}
        inputmode="numeric"
        maxlength={2}
        hint={t(fromTemplate ? 'policies.form.intervalHintTemplate' : 'policies.form.intervalHint')}
      />
    </>
  );
}

const translate = (errors: Common['errors']) => errors.map((e) => ({ field: e.field, message: t(e.message) }));

/** The new-policy form: pick a template (or none) and give the facts the template does not. */
export function NewPolicyForm({ values, errors, owners, csrf, templates }: Common & { templates: PolicyTemplate[] }) {
  const shown = translate(errors);
  const err = (f: string) => shown.find((e) => e.field === f)?.message;
  return (
    <>
      <p class="eyebrow">
        <a href="/policies">{t('policies.title')}</a>
      </p>
      <PageHeader title={t('policies.form.newTitle')} subtitle={t('policies.form.newSubtitle')} />
      <ErrorSummary errors={shown} />
      <form method="post" action="/policies/new" class="card" novalidate>
        <CsrfField token={csrf} />
        <fieldset class="choices" id="f-template">
          <legend>{t('policies.form.start')}</legend>
          <label class="choice">
            <input type="radio" name="template" value="" checked={values.template === ''} />
            <span>
              <strong>{t('policies.form.blank')}</strong>
              <span class="hint">{t('policies.form.blankHint')}</span>
            </span>
          </label>
          {templates.map((tpl) => (
            <label class="choice">
              <input type="radio" name="template" value={tpl.id} checked={values.template === tpl.id} />
              <span>
                <strong>{tpl.title}</strong> <span class="muted">· {levelLabel(tpl.level)}</span>
                <span class="hint">{tpl.summary.replace(/\{\{organisation\}\}/g, t('policies.form.theOrganisation'))}</span>
              </span>
            </label>
          ))}
          {err('template') && <p class="error">{err('template')}</p>}
        </fieldset>
        <FactFields values={values} err={err} owners={owners} fromTemplate />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('policies.form.create')}
          </button>
          <a href="/policies">{t('policies.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}

/** The details form: title, level, owner and review interval of an existing policy. */
export function DetailsForm({ values, errors, owners, csrf, policy }: Common & { policy: { id: string; ref: string; title: string } }) {
  const shown = translate(errors);
  const err = (f: string) => shown.find((e) => e.field === f)?.message;
  return (
    <>
      <p class="eyebrow">
        <a href="/policies">{t('policies.title')}</a> › <a href={`/policies/${policy.id}`}>{policy.ref}</a>
      </p>
      <PageHeader title={t('policies.form.editTitle', { title: policy.title })} />
      <ErrorSummary errors={shown} />
      <form method="post" action={`/policies/${policy.id}/edit`} class="card" novalidate>
        <CsrfField token={csrf} />
        <FactFields values={values} err={err} owners={owners} fromTemplate={false} />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('policies.form.save')}
          </button>
          <a href={`/policies/${policy.id}`}>{t('policies.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
