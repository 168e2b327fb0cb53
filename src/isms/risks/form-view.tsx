// The add and edit forms for a risk: levels chosen from the matrix, values kept and errors shown beside fields.
import { CsrfField, ErrorSummary, Field, PageHeader, SelectField } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { TREATMENTS } from '../tables.js';
import type { MatrixConfig } from './matrix.js';
import { TRANSITIONS, type RiskStatus } from './rules.js';
import { inLocale } from './view-parts.js';
import { ASSET_REFS_MSG } from './page-input.js';
import { MSG } from './schema.js';

export const FORM_FIELDS = [
  'title',
  'description',
  'owner_id',
  'threat',
  'vulnerability',
  'likelihood',
  'impact',
  'treatment',
  'treatment_notes',
  'residual_likelihood',
  'residual_impact',
  'assets',
  'next_review',
  'status',
] as const;
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

export const emptyForm = (): FormValues => Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as FormValues;

export interface RiskFormProps {
  mode: 'new' | 'edit';
  risk?: { id: string; ref: string; title: string; status: RiskStatus };
  values: FormValues;
  errors: { field: string; message: string }[];
  owners: { id: string; name: string; email: string }[];
  matrix: MatrixConfig;
  csrf: string;
}

export function TextArea(p: { name: string; label: string; value: string; error?: string | undefined; hint?: string; rows?: number; maxlength?: number; required?: boolean }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      <textarea id={id} name={p.name} rows={p.rows ?? 3} maxlength={p.maxlength ?? 4000} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value}
      </textarea>
      {p.error && (
        <p class="error" id={`${id}-err`}>
          {p.error}
        </p>
      )}
    </div>
  );
}

const levelOptions = (m: MatrixConfig, axis: 'likelihood' | 'impact', blank: string | null) => [
  ...(blank === null ? [] : [{ value: '', label: blank }]),
  ...m[axis].map((l, i) => ({ value: String(i + 1), label: `${i + 1} · ${inLocale(l)}` })),
];

/** Translates a domain message, including those that end with the values they name. */
export function tMessage(m: string): string {
  for (const prefix of [ASSET_REFS_MSG, MSG.assetMissing]) if (m.startsWith(prefix) && m !== prefix) return t(prefix) + m.slice(prefix.length);
  return t(m);
}

export function RiskForm({ mode, risk, values, errors, owners, matrix, csrf }: RiskFormProps) {
  const shown = errors.map((e) => ({ field: e.field.startsWith('asset_ids') ? 'assets' : e.field, message: tMessage(e.message) }));
  const err = (f: string) =>
    shown
      .filter((e) => e.field === f)
      .map((e) => e.message)
      .join(' ') || undefined;
  const action = mode === 'new' ? '/risks/new' : `/risks/${risk!.id}/edit`;
  const cancel = mode === 'new' ? '/risks' : `/risks/${risk!.id}`;
  const title = mode === 'new' ? t('risks.form.newTitle') : t('risks.form.editTitle', { ref: risk!.ref });
  const statuses = risk ? [risk.status, ...TRANSITIONS[risk.status]] : [];
  return (
    <>
      <p class="eyebrow">
        <a href="/risks">{t('risks.title')}</a>
      </p>
      <PageHeader title={title} subtitle={t('risks.form.subtitle')} />
      <ErrorSummary errors={shown} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <h2>{t('risks.form.identify')}</h2>
        <Field name="title" label={t('risks.field.title')} value={values.title} error={err('title')} required maxlength={200} autocomplete="off" />
        <SelectField
          name="owner_id"
          label={t('risks.field.owner')}
          value={values.owner_id}
          error={err('owner_id')}
          required
          options={[{ value: '', label: t('risks.form.chooseOwner') }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
        />
        <TextArea name="threat" label={t('risks.field.threat')} value={values.threat} error={err('threat')} hint={t('risks.form.threatHint')} />
        <TextArea name="vulnerability" label={t('risks.field.vulnerability')} value={values.vulnerability} error={err('vulnerability')} hint={t('risks.form.vulnerabilityHint')} />
        <TextArea name="description" label={t('risks.field.description')} value={values.description} error={err('description')} rows={4} />
        <Field name="assets" label={t('risks.field.assets')} value={values.assets} error={err('assets')} hint={t('risks.form.assetsHint')} maxlength={2000} autocomplete="off" />

        <h2>{t('risks.form.inherent')}</h2>
        <p class="hint">{t('risks.form.inherentHint')}</p>
        <SelectField name="likelihood" label={t('risks.field.likelihood')} value={values.likelihood} error={err('likelihood')} required options={levelOptions(matrix, 'likelihood', t('risks.form.chooseLevel'))} />
        <SelectField name="impact" label={t('risks.field.impact')} value={values.impact} error={err('impact')} required options={levelOptions(matrix, 'impact', t('risks.form.chooseLevel'))} />

        <h2>{t('risks.form.treatment')}</h2>
        <SelectField
          name="treatment"
          label={t('risks.field.treatment')}
          value={values.treatment}
          error={err('treatment')}
          options={[{ value: '', label: t('risks.treatment.none') }, ...TREATMENTS.map((x) => ({ value: x, label: `${t(`risks.treatment.${x}`)} — ${t(`risks.treatmentHint.${x}`)}` }))]}
        />
        <TextArea name="treatment_notes" label={t('risks.field.treatment_notes')} value={values.treatment_notes} error={err('treatment_notes')} />
        <SelectField name="residual_likelihood" label={t('risks.field.residual_likelihood')} value={values.residual_likelihood} error={err('residual_likelihood')} options={levelOptions(matrix, 'likelihood', t('risks.notAssessed'))} />
        <SelectField name="residual_impact" label={t('risks.field.residual_impact')} value={values.residual_impact} error={err('residual_impact')} options={levelOptions(matrix, 'impact', t('risks.notAssessed'))} />

        <h2>{t('risks.form.follow')}</h2>
        <Field name="next_review" label={t('risks.field.next_review')} type="date" value={values.next_review} error={err('next_review')} hint={t('risks.form.nextReviewHint')} />
        {mode === 'edit' && (
          <SelectField name="status" label={t('risks.field.status')} value={values.status} error={err('status')} options={statuses.map((s) => ({ value: s, label: t(`risks.status.${s}`) }))} />
        )}
        <div class="filters-actions">
          <button type="submit" class="btn">
            {mode === 'new' ? t('risks.form.create') : t('risks.form.save')}
          </button>
          <a href={cancel}>{t('risks.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
