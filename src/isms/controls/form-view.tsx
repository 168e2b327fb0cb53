// The add and edit form for a control: facts, the four levels explained, and link pickers that take
// keys and references and show what they resolve to before anything is saved.
import { CsrfField, ErrorSummary, Field, PageHeader, Pill, SelectField } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import type { LinkPreview } from './read.js';
import { MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS } from './rules.js';
import { CONTROL_LEVELS, CONTROL_STATUSES } from './schema.js';

export const FORM_FIELDS = ['title', 'description', 'level', 'status', 'owner_id', 'review_interval_days', 'requirement_keys', 'risk_refs', 'asset_refs'] as const;
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

export const emptyForm = (): FormValues => ({
  title: '',
  description: '',
  level: 'practice',
  status: 'not_started',
  owner_id: '',
  review_interval_days: '365',
  requirement_keys: '',
  risk_refs: '',
  asset_refs: '',
});

export interface ControlFormProps {
  mode: 'new' | 'edit';
  /** The control being edited, for the heading and the cancel link. */
  control?: { id: string; ref: string; title: string };
  values: FormValues;
  errors: { field: string; message: string }[];
  owners: { id: string; name: string; email: string }[];
  /** What the typed links resolve to; null before anything was typed. */
  preview: LinkPreview | null;
  csrf: string;
}

export function TextArea(p: { name: string; label: string; value: string; error?: string | undefined; hint?: string; rows: number; mono?: boolean; maxlength?: number }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      <textarea id={id} name={p.name} rows={p.rows} class={p.mono ? 'mono' : undefined} maxlength={p.maxlength} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
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

/** One picker's resolution: each found link with its title, each unknown one marked. */
function Resolved({ found, unknown, label }: { found: { key: string; title: string }[]; unknown: string[]; label: string }) {
  if (!found.length && !unknown.length) return null;
  return (
    <div class="field table-wrap">
      <table class="data">
        <caption class="visually-hidden">{label}</caption>
        <tbody>
          {unknown.map((k) => (
            <tr>
              <td class="mono">{k}</td>
              <td>
                <Pill tone="bad">{t('controls.form.notFound')}</Pill>
              </td>
            </tr>
          ))}
          {found.map((f) => (
            <tr>
              <td class="mono">{f.key}</td>
              <td>{f.title}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ControlForm({ mode, control, values, errors, owners, preview, csrf }: ControlFormProps) {
  // Domain messages are English sentences; t() finds their translations (see messages.ts).
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) =>
    shown
      .filter((e) => e.field === f)
      .map((e) => e.message)
      .join(' ') || undefined;
  const action = mode === 'new' ? '/controls/new' : `/controls/${control!.id}/edit`;
  const cancel = mode === 'new' ? '/controls' : `/controls/${control!.id}`;
  const title = mode === 'new' ? t('controls.form.newTitle') : t('controls.form.editTitle', { ref: control!.ref });
  return (
    <>
      <p class="eyebrow">
        <a href="/controls">{t('controls.title')}</a>
      </p>
      <PageHeader title={title} {...(control ? { subtitle: control.title } : {})} />
      <ErrorSummary errors={shown} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="title" label={t('controls.field.title')} value={values.title} error={err('title')} required maxlength={200} autocomplete="off" />
        <TextArea name="description" label={t('controls.field.description')} value={values.description} error={err('description')} hint={t('controls.form.descriptionHint')} rows={5} maxlength={10_000} />
        <fieldset class="choices" aria-describedby={err('level') ? 'f-level-err' : undefined}>
          <legend>{t('controls.field.level')}</legend>
          {CONTROL_LEVELS.map((l) => (
            <div class="choice">
              <input type="radio" id={`f-level-${l}`} name="level" value={l} checked={values.level === l} aria-describedby={`f-level-${l}-hint`} />
              <label for={`f-level-${l}`}>
                <strong>{t(`controls.level.${l}`)}</strong>
                <span class="hint" id={`f-level-${l}-hint`}>
                  {' '}
                  — {t(`controls.levelHint.${l}`)}
                </span>
              </label>
            </div>
          ))}
          {err('level') && (
            <p class="error" id="f-level-err">
              {err('level')}
            </p>
          )}
        </fieldset>
        <SelectField name="status" label={t('controls.field.status')} value={values.status} error={err('status')} options={CONTROL_STATUSES.map((s) => ({ value: s, label: t(`controls.status.${s}`) }))} />
        <SelectField
          name="owner_id"
          label={t('controls.field.owner')}
          value={values.owner_id}
          error={err('owner_id')}
          options={[{ value: '', label: t('controls.form.noOwner') }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
        />
        <Field
          name="review_interval_days"
          label={t('controls.field.review_interval_days')}
          inputmode="numeric"
          value={values.review_interval_days}
          error={err('review_interval_days')}
          hint={t('controls.form.intervalHint', { min: MIN_INTERVAL_DAYS, max: MAX_INTERVAL_DAYS })}
          maxlength={4}
        />
        <h2>{t('controls.form.linksTitle')}</h2>
        <p class="hint">{t('controls.form.linksHint')}</p>
        <TextArea name="requirement_keys" label={t('controls.form.requirements')} value={values.requirement_keys} error={err('requirement_keys')} hint={t('controls.form.requirementsHint')} rows={4} mono />
        {preview && <Resolved found={preview.requirements.found} unknown={preview.requirements.unknown} label={t('controls.form.requirements')} />}
        <TextArea name="risk_refs" label={t('controls.form.risks')} value={values.risk_refs} error={err('risk_refs')} hint={t('controls.form.risksHint')} rows={2} mono />
        {preview && <Resolved found={preview.risks.found.map((r) => ({ key: r.ref, title: r.title }))} unknown={preview.risks.unknown} label={t('controls.form.risks')} />}
        <TextArea name="asset_refs" label={t('controls.form.assets')} value={values.asset_refs} error={err('asset_refs')} hint={t('controls.form.assetsHint')} rows={2} mono />
        {preview && <Resolved found={preview.assets.found.map((a) => ({ key: a.ref, title: a.name }))} unknown={preview.assets.unknown} label={t('controls.form.assets')} />}
        <div class="filters-actions">
          <button type="submit" class="btn" name="intent" value="save">
            {mode === 'new' ? t('controls.form.create') : t('controls.form.save')}
          </button>
          <button type="submit" class="btn btn--ghost" name="intent" value="check">
            {t('controls.form.check')}
          </button>
          <a href={cancel}>{t('controls.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
