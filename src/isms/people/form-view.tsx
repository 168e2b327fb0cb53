// The add and edit forms for a person: values kept and errors shown beside fields after a failed post.
import { CsrfField, ErrorSummary, Field, PageHeader, SelectField } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { PERSON_STATUSES } from './repo.js';

export const FORM_FIELDS = ['name', 'email', 'title', 'department', 'manager_id', 'status', 'start_date', 'end_date'] as const;
export type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

export const emptyForm = (): FormValues => ({ name: '', email: '', title: '', department: '', manager_id: '', status: 'active', start_date: '', end_date: '' });

export interface PersonFormProps {
  mode: 'new' | 'edit';
  /** The person being edited, for the heading and the cancel link. */
  person?: { id: string; name: string };
  values: FormValues;
  errors: { field: string; message: string }[];
  managers: { id: string; name: string; email: string }[];
  departments: string[];
  csrf: string;
}

export function PersonForm({ mode, person, values, errors, managers, departments, csrf }: PersonFormProps) {
  // Domain messages are English sentences; t() finds their translations (see messages.ts).
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.find((e) => e.field === f)?.message;
  const action = mode === 'new' ? '/people/new' : `/people/${person!.id}/edit`;
  const cancel = mode === 'new' ? '/people' : `/people/${person!.id}`;
  return (
    <>
      <p class="eyebrow">
        <a href="/people">{t('people.title')}</a>
      </p>
      <PageHeader title={mode === 'new' ? t('people.form.newTitle') : t('people.form.editTitle', { name: person!.name })} />
      <ErrorSummary errors={shown} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label={t('people.field.name')} value={values.name} error={err('name')} required maxlength={200} autocomplete="off" />
        <Field name="email" label={t('people.field.email')} type="email" value={values.email} error={err('email')} required maxlength={254} autocomplete="off" />
        <Field name="title" label={t('people.field.title')} value={values.title} error={err('title')} maxlength={200} />
        <div class={err('department') ? 'field field--error' : 'field'}>
          <label for="f-department">{t('people.field.department')}</label>
          <p class="hint" id="f-department-hint">
            {t('people.form.departmentHint')}
          </p>
          <input
            id="f-department"
            name="department"
            value={values.department}
            list="departments"
            maxlength={200}
            aria-invalid={err('department') ? 'true' : undefined}
            aria-describedby={err('department') ? 'f-department-hint f-department-err' : 'f-department-hint'}
          />
          <datalist id="departments">
            {departments.map((d) => (
              <option value={d} />
            ))}
          </datalist>
          {err('department') && (
            <p class="error" id="f-department-err">
              {err('department')}
            </p>
          )}
        </div>
        <SelectField
          name="manager_id"
          label={t('people.field.manager')}
          value={values.manager_id}
          error={err('manager_id')}
          options={[{ value: '', label: t('people.form.noManager') }, ...managers.filter((m) => m.id !== person?.id).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))]}
        />
        <SelectField
          name="status"
          label={t('people.field.status')}
          value={values.status}
          error={err('status')}
          required
          options={PERSON_STATUSES.map((s) => ({ value: s, label: t(`people.status.${s}`) }))}
        />
        <Field name="start_date" label={t('people.field.start_date')} type="date" value={values.start_date} error={err('start_date')} />
        <Field name="end_date" label={t('people.field.end_date')} type="date" value={values.end_date} error={err('end_date')} hint={t('people.form.endHint')} />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {mode === 'new' ? t('people.form.create') : t('people.form.save')}
          </button>
          <a href={cancel}>{t('people.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}
