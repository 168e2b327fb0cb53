// The add and edit forms for an asset: values kept and errors shown beside fields after a failed post.
import { CsrfField, ErrorSummary, Field, PageHeader, SelectField } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { ASSET_KINDS, CLASSIFICATIONS, ENVIRONMENTS } from '../tables.js';
import { tMsg } from './messages.js';
import { ciaText, environmentLabel, kindLabel } from './parts.js';
import { DIMENSIONS } from './rules.js';

export const FORM_FIELDS = ['ref', 'name', 'kind', 'description', 'owner_id', 'classification', 'confidentiality', 'integrity', 'availability', 'environment', 'depends_on'] as const;
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

export const emptyForm = (): FormValues => ({
  ref: '',
  name: '',
  kind: '',
  description: '',
  owner_id: '',
  classification: '',
  confidentiality: '',
  integrity: '',
  availability: '',
  environment: '',
  depends_on: '',
});

export interface AssetFormProps {
  mode: 'new' | 'edit';
  /** The asset being edited, for the heading and the cancel link. */
  asset?: { id: string; name: string };
  values: FormValues;
  errors: { field: string; message: string }[];
  owners: { id: string; name: string; email: string }[];
  csrf: string;
}

export function AssetForm({ mode, asset, values, errors, owners, csrf }: AssetFormProps) {
  // Domain messages are English sentences; tMsg finds their translations (see messages.ts).
  const shown = errors.map((e) => ({ field: e.field, message: tMsg(e.message) }));
  const err = (f: string) =>
    shown
      .filter((e) => e.field === f)
      .map((e) => e.message)
      .join(' ') || undefined;
  const action = mode === 'new' ? '/assets/new' : `/assets/${asset!.id}/edit`;
  const cancel = mode === 'new' ? '/assets' : `/assets/${asset!.id}`;
  const choose = { value: '', label: t('assets.form.choose') };
  return (
    <>
      <p class="eyebrow">
        <a href="/assets">{t('assets.title')}</a>
      </p>
      <PageHeader title={mode === 'new' ? t('assets.form.newTitle') : t('assets.form.editTitle', { name: asset!.name })} />
      <ErrorSummary errors={shown} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label={t('assets.field.name')} value={values.name} error={err('name')} required maxlength={200} autocomplete="off" />
        <Field name="ref" label={t('assets.field.ref')} value={values.ref} error={err('ref')} maxlength={40} autocomplete="off" hint={mode === 'new' ? t('assets.form.refHintNew') : t('assets.form.refHint')} />
        <SelectField name="kind" label={t('assets.field.kind')} value={values.kind} error={err('kind')} required options={[choose, ...ASSET_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))]} />
        <div class={err('description') ? 'field field--error' : 'field'}>
          <label for="f-description">{t('assets.field.description')}</label>
          <textarea
            id="f-description"
            name="description"
            rows={4}
            maxlength={4000}
            aria-invalid={err('description') ? 'true' : undefined}
            aria-describedby={err('description') ? 'f-description-err' : undefined}
          >
            {values.description}
          </textarea>
          {err('description') && (
            <p class="error" id="f-description-err">
              {err('description')}
            </p>
          )}
        </div>
        <SelectField
          name="owner_id"
          label={t('assets.field.owner')}
          value={values.owner_id}
          error={err('owner_id')}
          options={[{ value: '', label: t('assets.form.noOwner') }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
        />
        <SelectField
          name="classification"
          label={t('assets.field.classification')}
          value={values.classification}
          error={err('classification')}
          required
          options={[choose, ...CLASSIFICATIONS.map((c) => ({ value: c, label: t(`assets.classification.${c}`) }))]}
        />
        <fieldset class="choices">
          <legend>{t('assets.form.cia')}</legend>
          <p class="hint small muted">{t('assets.form.ciaHint')}</p>
          {DIMENSIONS.map((d) => (
            <SelectField
              name={d}
              label={t(`assets.field.${d}`)}
              value={values[d]}
              error={err(d)}
              required
              options={[choose, ...[1, 2, 3, 4].map((v) => ({ value: String(v), label: ciaText(v) }))]}
            />
          ))}
        </fieldset>
        <SelectField
          name="environment"
          label={t('assets.field.environment')}
          value={values.environment}
          error={err('environment')}
          options={[{ value: '', label: t('assets.form.noEnvironment') }, ...ENVIRONMENTS.map((e) => ({ value: e, label: environmentLabel(e) }))]}
        />
        <Field name="depends_on" label={t('assets.field.depends_on')} value={values.depends_on} error={err('depends_on')} maxlength={8000} autocomplete="off" hint={t('assets.form.dependsHint')} />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {mode === 'new' ? t('assets.form.create') : t('assets.form.save')}
          </button>
          <a href={cancel}>{t('assets.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
