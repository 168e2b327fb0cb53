// One objective: its status with the basis and the rule, the trend, the measurements (and the form
// to record one), the facts and the history.
import type { AuditEventOut } from '../../audit/schema.js';
import { CsrfField, ErrorSummary, Field, PageHeader } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { TrendChart } from './charts.js';
import { basisText, formatDate, formatValue, targetLong } from './format.js';
import type { ObjectiveDetailOut } from './objectives-schema.js';
import { AT_RISK_WINDOW_DAYS, objectiveStatus } from './status.js';
import { Countdown, Crumbs, fieldLabel, History, namedErrors, ObjectiveStatusPill, Paragraphs } from './view-parts.js';

export interface MeasureValues {
  value: string;
  measured_on: string;
  note: string;
}

export interface ObjectiveDetailProps {
  objective: ObjectiveDetailOut;
  today: string;
  history: AuditEventOut[] | null;
  canWrite: boolean;
  csrf: string;
  timeZone: string;
  measure: { values: MeasureValues; errors: { field: string; message: string }[] };
  recorded: boolean;
}

/** The status, the sentence that explains it (in the reader's language), and the rule behind it. */
function Basis({ o, today }: { o: ObjectiveDetailOut; today: string }) {
  const basis = objectiveStatus({ target: o.target, direction: o.direction, current: o.current_value, previous: o.status_basis.previous_value, due_date: o.due_date }, today);
  return (
    <section class={`card basis basis--${o.status}`} aria-labelledby="basis-h">
      <h2 id="basis-h">
        {t('scope.objectives.statusNow')} <ObjectiveStatusPill status={o.status} />
      </h2>
      <p>{basisText(basis, { ...o, previous_value: o.status_basis.previous_value })}</p>
      <details>
        <summary>{t('scope.objectives.howComputed')}</summary>
        <ol class="small rule">
          {(['no_data', 'met', 'missed', 'at_risk', 'on_track'] as const).map((s) => (
            <li>
              <ObjectiveStatusPill status={s} /> {t(`scope.rule.${s}`, { days: AT_RISK_WINDOW_DAYS })}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function MeasureForm({ id, values, errors, csrf }: { id: string; values: MeasureValues; errors: { field: string; message: string }[]; csrf: string }) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.filter((e) => e.field === f).map((e) => e.message).join(' ') || undefined;
  return (
    <form method="post" action={`/scope/objectives/${id}/measurements`} class="measure-form" novalidate aria-labelledby="measure-h">
      <h3 id="measure-h">{t('scope.objectives.recordTitle')}</h3>
      <ErrorSummary errors={namedErrors(shown, (f) => fieldLabel(f))} />
      <CsrfField token={csrf} />
      <div class="form-grid">
        <Field name="value" label={t('scope.field.value')} value={values.value} error={err('value')} required maxlength={30} autocomplete="off" />
        <Field name="measured_on" type="date" label={t('scope.field.measured_on')} value={values.measured_on} error={err('measured_on')} />
      </div>
      <Field name="note" label={t('scope.field.note')} hint={t('scope.objectives.noteHint')} value={values.note} error={err('note')} maxlength={200} />
      <button type="submit" class="btn">
        {t('scope.objectives.record')}
      </button>
    </form>
  );
}

function Measurements({ o, timeZone }: { o: ObjectiveDetailOut; timeZone: string }) {
  if (!o.measurements.length) return <p class="muted">{t('scope.objectives.noMeasurements')}</p>;
  return (
    <div class="table-wrap">
      <table class="data measurements">
        <caption class="visually-hidden">{t('scope.objectives.measurements')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('scope.field.measured_on')}</th>
            <th scope="col" class="num">
              {t('scope.field.value')}
            </th>
            <th scope="col">{t('scope.field.note')}</th>
            <th scope="col">{t('scope.objectives.recordedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {o.measurements.map((m) => (
            <tr>
              <td class="nowrap">{formatDate(m.measured_on)}</td>
              <td class="num">{formatValue(m.value, o.unit)}</td>
              <td>{m.note ?? ''}</td>
              <td>
                {m.recorded_by.label}
                <span class="sub">{formatDateTime(m.recorded_at, timeZone)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a measurement event recorded, for the history list. */
function measuredDetail(e: AuditEventOut, unit: string | null) {
  const m = ((e.after ?? {}) as { measurement?: { value?: unknown; measured_on?: unknown } }).measurement;
  if (e.action !== 'objective.measure' || typeof m?.value !== 'number' || typeof m.measured_on !== 'string') return null;
  return <span class="sub">{t('scope.objectives.measuredEvent', { value: formatValue(m.value, unit), date: formatDate(m.measured_on) })}</span>;
}

export function ObjectiveDetailView({ objective: o, today, history, canWrite, csrf, timeZone, measure, recorded }: ObjectiveDetailProps) {
  const points = [...o.measurements].reverse().map((m) => ({ value: m.value, measured_on: m.measured_on }));
  const edit = canWrite ? (
    <a class="btn" href={`/scope/objectives/${o.id}/edit`}>
      {t('scope.action.edit')}
    </a>
  ) : undefined;
  return (
    <>
      <Crumbs list={{ href: '/scope/objectives', label: t('scope.objectives.title') }} />
      <PageHeader title={`${o.ref} · ${o.title}`} subtitle={o.metric} actions={edit} />
      {recorded && (
        <div class="alert alert--ok" role="status">
          {t('scope.objectives.recorded')}
        </div>
      )}
      <Basis o={o} today={today} />
      <section class="card" aria-labelledby="trend-h">
        <h2 id="trend-h">{t('scope.objectives.trend')}</h2>
        <TrendChart points={points} target={o.target} direction={o.direction} unit={o.unit} title={t('scope.chart.trendTitle', { title: o.title })} />
      </section>
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="measurements-h">
            <h2 id="measurements-h">{t('scope.objectives.measurementsN', { n: o.measurements.length })}</h2>
            {canWrite && <MeasureForm id={o.id} values={measure.values} errors={measure.errors} csrf={csrf} />}
            <Measurements o={o} timeZone={timeZone} />
          </section>
        </div>
        <div class="stack">
          <section class="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('scope.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('scope.field.target')}</dt>
              <dd>{targetLong(o.target, o.direction, o.unit)}</dd>
              <dt>{t('scope.field.current_value')}</dt>
              <dd>{o.current_value === null ? '—' : `${formatValue(o.current_value, o.unit)} (${formatDate(o.measured_on)})`}</dd>
              <dt>{t('scope.field.direction')}</dt>
              <dd>{t(`scope.direction.${o.direction}`)}</dd>
              <dt>{t('scope.field.owner')}</dt>
              <dd>{o.owner_id && o.owner_name ? <a href={`/people/${o.owner_id}`}>{o.owner_name}</a> : '—'}</dd>
              <dt>{t('scope.field.due_date')}</dt>
              <dd>
                {formatDate(o.due_date)} · <Countdown days={o.status_basis.days_left} date={o.due_date} />
              </dd>
              <dt>{t('scope.field.description')}</dt>
              <dd>{o.description ? <Paragraphs text={o.description} /> : '—'}</dd>
            </dl>
          </section>
          {history && <History events={history} timeZone={timeZone} detail={(e) => measuredDetail(e, o.unit)} auditHref={`/audit?entity_type=objective&entity_id=${o.id}`} />}
        </div>
      </div>
    </>
  );
}
