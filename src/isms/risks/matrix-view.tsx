// The matrix page: levels, bands and acceptance criteria as they stand, and for those who may change
// them, one form (blank rows add a level or a band; clearing the last rows removes them).
import { CsrfField, ErrorSummary, PageHeader } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { BAND_COLOURS, highestAcceptableScore, MAX_BANDS, MAX_LEVELS, maxScore, type RiskMatrix } from './matrix.js';
import type { StrandedRisk } from './matrix-service.js';
import { BandPill, inLocale, RiskTabs } from './view-parts.js';

export type MatrixFormValues = Record<string, string>;

export interface MatrixViewProps {
  matrix: RiskMatrix;
  canConfigure: boolean;
  values: MatrixFormValues;
  errors: { field: string; message: string }[];
  stranded: StrandedRisk[];
  saved: boolean;
  csrf: string;
  timeZone: string;
}

/** The form's values for a matrix: one row per level and band, plus one blank row to add. */
export function matrixFormValues(m: RiskMatrix): MatrixFormValues {
  const v: MatrixFormValues = {};
  for (const axis of ['likelihood', 'impact'] as const) {
    m[axis].forEach((l, i) => {
      v[`${axis}.${i}.en`] = l.en;
      v[`${axis}.${i}.fi`] = l.fi;
    });
  }
  m.bands.forEach((b, i) => {
    v[`bands.${i}.key`] = b.key;
    v[`bands.${i}.label.en`] = b.label.en;
    v[`bands.${i}.label.fi`] = b.label.fi;
    v[`bands.${i}.min_score`] = String(b.min_score);
    v[`bands.${i}.colour`] = b.colour;
    v[`bands.${i}.acceptable`] = b.acceptable ? 'on' : '';
    v[`bands.${i}.max_acceptance_days`] = b.max_acceptance_days === null ? '' : String(b.max_acceptance_days);
    v[`bands.${i}.approver.en`] = b.approver?.en ?? '';
    v[`bands.${i}.approver.fi`] = b.approver?.fi ?? '';
    v[`bands.${i}.review_interval_days`] = String(b.review_interval_days);
  });
  return v;
}

function Input({ name, label, values, errors, type = 'text', maxlength = 60, wide = false }: { name: string; label: string; values: MatrixFormValues; errors: Map<string, string>; type?: string; maxlength?: number; wide?: boolean }) {
  const id = `f-${name}`;
  const error = errors.get(name);
  return (
    <div class={[error ? 'field field--error' : 'field', wide ? 'wide' : ''].filter(Boolean).join(' ')}>
      <label for={id}>{label}</label>
      <input id={id} name={name} type={type} value={values[name] ?? ''} maxlength={maxlength} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-err` : undefined} />
      {error && (
        <p class="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Rows to show: every row that has a value in its first field, plus one blank row to add (up to `max`). */
const rowsOf = (values: MatrixFormValues, prefix: string, max: number, keyField: string) => {
  let last = -1;
  for (let i = 0; i < max; i++) if ((values[`${prefix}.${i}${keyField}`] ?? '').trim() !== '') last = i;
  return Math.min(max, last + 2);
};

function Summary({ matrix, timeZone }: { matrix: RiskMatrix; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="matrix-h">
      <div class="card-head">
        <h2 id="matrix-h">{t('risks.matrix.current', { l: matrix.likelihood.length, i: matrix.impact.length })}</h2>
        <span class="muted small">{t('risks.matrix.version', { version: matrix.version, when: formatDateTime(matrix.updated_at, timeZone) })}</span>
      </div>
      <p>{t('risks.matrix.scoreRule', { max: maxScore(matrix) })}</p>
      <p>{highestAcceptableScore(matrix) > 0 ? t('risks.matrix.highest', { score: highestAcceptableScore(matrix) }) : t('risks.matrix.noneAcceptable')}</p>
      <div class="grid-2">
        {(['likelihood', 'impact'] as const).map((axis) => (
          <div>
            <h3>{t(`risks.field.${axis}`)}</h3>
            <ol>
              {matrix[axis].map((l) => (
                <li>{inLocale(l)}</li>
              ))}
            </ol>
          </div>
        ))}
      </div>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">{t('risks.matrix.bands')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('risks.matrix.band')}</th>
              <th scope="col">{t('risks.matrix.scores')}</th>
              <th scope="col">{t('risks.matrix.acceptable')}</th>
              <th scope="col">{t('risks.matrix.approver')}</th>
              <th scope="col" class="num">{t('risks.matrix.reviewEvery')}</th>
            </tr>
          </thead>
          <tbody>
            {matrix.bands.map((b, i) => {
              const next = matrix.bands[i + 1];
              return (
                <tr>
                  <td>
                    <BandPill band={b} />
                  </td>
                  <td class="nowrap">{`${b.min_score}–${next ? next.min_score - 1 : maxScore(matrix)}`}</td>
                  <td>{b.acceptable ? t('risks.matrix.upTo', { days: b.max_acceptance_days ?? 0 }) : t('risks.matrix.never')}</td>
                  <td>{b.approver ? inLocale(b.approver) : '—'}</td>
                  <td class="num">{t('risks.matrix.days', { days: b.review_interval_days })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function MatrixView({ matrix, canConfigure, values, errors, stranded, saved, csrf, timeZone }: MatrixViewProps) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const errs = new Map(shown.map((e) => [e.field, e.message]));
  const levelRows = (axis: 'likelihood' | 'impact') => rowsOf(values, axis, MAX_LEVELS, '.en');
  const bandRows = rowsOf(values, 'bands', MAX_BANDS, '.key');
  return (
    <>
      <PageHeader title={t('risks.matrix.title')} subtitle={t('risks.matrix.subtitle')} />
      <RiskTabs current="matrix" />
      {saved && (
        <div class="alert alert--ok" role="status">
          {t('risks.matrix.saved', { version: matrix.version })}
        </div>
      )}
      {stranded.length > 0 && (
        <div class="alert alert--error" role="alert">
          <h2>{t('risks.matrix.stranded', { n: new Set(stranded.map((s) => s.ref)).size })}</h2>
          <ul>
            {stranded.slice(0, 50).map((s) => (
              <li>
                <a href={`/risks/${s.id}`}>{s.ref}</a> {t(`risks.field.${s.field}`)} {s.value}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Summary matrix={matrix} timeZone={timeZone} />
      {canConfigure && (
        <form method="post" action="/risks/matrix" class="card matrix-form" novalidate>
          <h2>{t('risks.matrix.edit')}</h2>
          <p class="hint">{t('risks.matrix.editHint')}</p>
          <ErrorSummary errors={shown} />
          <CsrfField token={csrf} />
          <div class="levels">
          {(['likelihood', 'impact'] as const).map((axis) => (
            <fieldset>
              <legend>{t(`risks.matrix.levels.${axis}`)}</legend>
              {errs.get(axis) && <p class="error">{errs.get(axis)}</p>}
              {Array.from({ length: levelRows(axis) }, (_, i) => (
                <div class="row">
                  <Input name={`${axis}.${i}.en`} label={t('risks.matrix.levelEn', { n: i + 1 })} values={values} errors={errs} />
                  <Input name={`${axis}.${i}.fi`} label={t('risks.matrix.levelFi', { n: i + 1 })} values={values} errors={errs} />
                </div>
              ))}
            </fieldset>
          ))}
          </div>
          {errs.get('bands') && <p class="error">{errs.get('bands')}</p>}
          {Array.from({ length: bandRows }, (_, i) => {
            const p = `bands.${i}`;
            return (
              <fieldset>
                <legend>{t('risks.matrix.bandN', { n: i + 1 })}</legend>
                <div class="row">
                  <Input name={`${p}.key`} label={t('risks.matrix.key')} values={values} errors={errs} maxlength={20} />
                  <Input name={`${p}.label.en`} label={t('risks.matrix.labelEn')} values={values} errors={errs} />
                  <Input name={`${p}.label.fi`} label={t('risks.matrix.labelFi')} values={values} errors={errs} />
                  <Input name={`${p}.min_score`} label={t('risks.matrix.minScore')} values={values} errors={errs} type="number" maxlength={3} />
                  <div class="field">
                    <label for={`f-${p}.colour`}>{t('risks.matrix.colour')}</label>
                    <select id={`f-${p}.colour`} name={`${p}.colour`}>
                      {BAND_COLOURS.map((c) => (
                        <option value={c} selected={(values[`${p}.colour`] ?? 'grey') === c}>
                          {t(`risks.colour.${c}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Input name={`${p}.review_interval_days`} label={t('risks.matrix.reviewDays')} values={values} errors={errs} type="number" maxlength={4} />
                </div>
                <div class="row">
                  <div class={errs.get(`${p}.acceptable`) ? 'field check field--error' : 'field check'}>
                    <input id={`f-${p}.acceptable`} type="checkbox" name={`${p}.acceptable`} checked={values[`${p}.acceptable`] === 'on'} />
                    <label for={`f-${p}.acceptable`}>{t('risks.matrix.acceptableCheck')}</label>
                    {errs.get(`${p}.acceptable`) && <p class="error">{errs.get(`${p}.acceptable`)}</p>}
                  </div>
                  <Input name={`${p}.max_acceptance_days`} label={t('risks.matrix.maxDays')} values={values} errors={errs} type="number" maxlength={4} />
                  <Input name={`${p}.approver.en`} label={t('risks.matrix.approverEn')} values={values} errors={errs} maxlength={200} wide />
                  <Input name={`${p}.approver.fi`} label={t('risks.matrix.approverFi')} values={values} errors={errs} maxlength={200} wide />
                </div>
              </fieldset>
            );
          })}
          <div class="filters-actions">
            <button type="submit" class="btn">
              {t('risks.matrix.save')}
            </button>
            <a href="/risks/matrix">{t('risks.form.cancel')}</a>
          </div>
        </form>
      )}
    </>
  );
}
