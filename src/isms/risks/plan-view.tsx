// The risk page's working sections: the treatment plan (tasks), the owner's acceptance and the reviews,
// each with the form the signed-in role may use.
import { CsrfField, Field, Pill, SelectField } from '../../web/components.js';
import { formatDate, formatDateTime, t } from '../../web/i18n.js';
import { addDays, type AcceptanceState } from './rules.js';
import { bandOf, type RiskMatrix } from './matrix.js';
import { TASK_STATUSES } from './tables.js';
import type { AcceptanceOut, ReviewOut, RiskDetailOut } from './schema.js';
import { TextArea } from './form-view.js';
import { DuePill, inLocale, ReviewPill, ScorePill, StatusPill } from './view-parts.js';

/** A form on the page that was posted and came back with errors (or its values to keep). */
export interface PostedForm {
  form: 'task' | 'review' | 'accept' | `task:${string}`;
  values: Record<string, string>;
  errors: { field: string; message: string }[];
}

const errorsOf = (posted: PostedForm | null, form: PostedForm['form']) => (posted?.form === form ? posted.errors.map((e) => ({ field: e.field, message: t(e.message) })) : []);
const errOf = (errors: { field: string; message: string }[], f: string) =>
  errors
    .filter((e) => e.field === f)
    .map((e) => e.message)
    .join(' ') || undefined;

function FormErrors({ errors, id }: { errors: { field: string; message: string }[]; id: string }) {
  if (!errors.length) return null;
  return (
    <div class="alert alert--error" role="alert" id={id}>
      <h3>{t('form.errors', { n: errors.length })}</h3>
      <ul>
        {errors.map((e) => (
          <li>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function PlanSection({ risk, owners, canWrite, csrf, posted }: { risk: RiskDetailOut; owners: { id: string; name: string }[]; canWrite: boolean; csrf: string; posted: PostedForm | null }) {
  const addErrors = errorsOf(posted, 'task');
  const v = posted?.form === 'task' ? posted.values : {};
  const writable = canWrite && risk.status !== 'closed';
  return (
    <section class="card" aria-labelledby="plan-h" id="plan">
      <div class="card-head">
        <h2 id="plan-h">{t('risks.plan.title')}</h2>
        {risk.plan.overdue > 0 && <Pill tone="bad">{t('risks.plan.overdue', { n: risk.plan.overdue })}</Pill>}
      </div>
      <FormErrors errors={addErrors} id="task-errors" />
      {risk.treatment_notes && <p>{risk.treatment_notes}</p>}
      {risk.tasks.length === 0 ? (
        <p class="muted">{t('risks.plan.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">{t('risks.plan.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('risks.task.title')}</th>
                <th scope="col">{t('risks.task.due')}</th>
                <th scope="col">{t('risks.task.status')}</th>
              </tr>
            </thead>
            <tbody>
              {risk.tasks.map((task) => {
                const rowErrors = errorsOf(posted, `task:${task.id}`);
                return (
                  <tr>
                    <td>
                      {task.title}
                      <span class="sub">{task.owner_name ?? '—'}</span>
                      {rowErrors.length > 0 && <span class="sub error">{rowErrors.map((e) => e.message).join(' ')}</span>}
                    </td>
                    <td>
                      <span class="nowrap">{formatDate(task.due_date)}</span>
                      <span class="sub">
                        <DuePill state={task.due_state} />
                      </span>
                    </td>
                    <td>
                      {writable ? (
                        <form method="post" action={`/risks/${risk.id}/tasks/${task.id}`} class="inline-form">
                          <CsrfField token={csrf} />
                          <label class="visually-hidden" for={`task-${task.id}`}>
                            {t('risks.task.statusOf', { title: task.title })}
                          </label>
                          <select id={`task-${task.id}`} name="status">
                            {TASK_STATUSES.map((s) => (
                              <option value={s} selected={s === task.status}>
                                {t(`risks.taskStatus.${s}`)}
                              </option>
                            ))}
                          </select>
                          <button type="submit" class="btn btn--ghost btn--small">
                            {t('risks.task.save')}
                          </button>
                        </form>
                      ) : (
                        t(`risks.taskStatus.${task.status}`)
                      )}
                      {task.completed_on && <span class="sub">{t('risks.task.completed', { date: formatDate(task.completed_on) })}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {writable && (
        <details class="add-form" open={addErrors.length > 0}>
          <summary>{t('risks.task.add')}</summary>
          <form method="post" action={`/risks/${risk.id}/tasks`} novalidate>
            <CsrfField token={csrf} />
            <Field name="task_title" label={t('risks.task.title')} value={v.task_title} error={errOf(addErrors, 'title')} required maxlength={200} autocomplete="off" />
            <SelectField
              name="task_owner_id"
              label={t('risks.task.owner')}
              value={v.task_owner_id ?? risk.owner_id ?? ''}
              error={errOf(addErrors, 'owner_id')}
              required
              options={[{ value: '', label: t('risks.form.chooseOwner') }, ...owners.map((o) => ({ value: o.id, label: o.name }))]}
            />
            <Field name="task_due_date" label={t('risks.task.due')} type="date" value={v.task_due_date} error={errOf(addErrors, 'due_date')} required />
            <button type="submit" class="btn">
              {t('risks.task.addButton')}
            </button>
          </form>
        </details>
      )}
    </section>
  );
}

const ACCEPT_TONE: Record<AcceptanceState | 'ended', 'ok' | 'warn' | 'bad' | 'muted'> = { valid: 'ok', expiring: 'warn', expired: 'bad', ended: 'muted' };

export interface AcceptanceProps {
  risk: RiskDetailOut;
  matrix: RiskMatrix;
  acceptances: AcceptanceOut[];
  canAccept: boolean;
  callerIsOwner: boolean;
  today: string;
  timeZone: string;
  csrf: string;
  posted: PostedForm | null;
}

export function AcceptanceSection({ risk, matrix, acceptances, canAccept, callerIsOwner, today, timeZone, csrf, posted }: AcceptanceProps) {
  const current = risk.status === 'accepted' ? acceptances.find((a) => a.ended_at === null) : undefined;
  const band = risk.residual_score === null ? null : bandOf(matrix, risk.residual_score);
  const errors = errorsOf(posted, 'accept');
  const v = posted?.form === 'accept' ? posted.values : {};
  const latest = band?.acceptable ? addDays(today, band.max_acceptance_days ?? 0) : null;
  const canRecord = canAccept && band !== null && band.acceptable && risk.status !== 'closed' && risk.treatment !== 'avoid';
  return (
    <section class="card" aria-labelledby="accept-h" id="acceptance">
      <div class="card-head">
        <h2 id="accept-h">{t('risks.accept.title')}</h2>
      </div>
      <FormErrors errors={errors} id="accept-errors" />
      {current ? (
        <dl class="facts">
          <dt>{t('risks.accept.state')}</dt>
          <dd>
            <Pill tone={ACCEPT_TONE[current.state]}>{t(`risks.acceptState.${current.state}`)}</Pill>
          </dd>
          <dt>{t('risks.accept.expires')}</dt>
          <dd>{formatDate(current.expires_on)}</dd>
          <dt>{t('risks.accept.owner')}</dt>
          <dd>{current.owner_name || '—'}</dd>
          <dt>{t('risks.accept.decided')}</dt>
          <dd>{formatDate(current.decided_on)}</dd>
          <dt>{t('risks.accept.recorded')}</dt>
          <dd>
            {current.as_owner ? t('risks.accept.byOwner', { who: current.accepted_by }) : t('risks.accept.onBehalf', { who: current.accepted_by })}
            <span class="sub">{formatDateTime(current.accepted_at, timeZone)}</span>
          </dd>
          {current.note && (
            <>
              <dt>{t('risks.accept.note')}</dt>
              <dd>{current.note}</dd>
            </>
          )}
          <dt>{t('risks.accept.atScore')}</dt>
          <dd>
            <ScorePill matrix={matrix} score={current.residual_score} />
          </dd>
        </dl>
      ) : (
        <p class="muted">{t('risks.accept.none')}</p>
      )}
      {current?.state === 'expired' && <p class="alert alert--warn">{t('risks.accept.lapsed', { date: formatDate(current.expires_on) })}</p>}
      {canAccept && current && (
        <form method="post" action={`/risks/${risk.id}/acceptance/withdraw`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit" class="btn btn--ghost btn--small">
            {t('risks.accept.withdraw')}
          </button>
        </form>
      )}
      <h3 class="criteria-h">{t('risks.accept.criteria')}</h3>
      {band === null ? (
        <p class="muted">{t('risks.accept.assessFirst')}</p>
      ) : band.acceptable ? (
        <p>{t('risks.accept.criteriaYes', { band: inLocale(band.label), days: band.max_acceptance_days ?? 0, approver: band.approver ? inLocale(band.approver) : '—' })}</p>
      ) : (
        <p>{t('risks.accept.criteriaNo', { band: inLocale(band.label) })}</p>
      )}
      {canRecord && (
        <details class="add-form" open={errors.length > 0}>
          <summary>{current ? t('risks.accept.renew') : t('risks.accept.record')}</summary>
          <form method="post" action={`/risks/${risk.id}/acceptance`} novalidate>
            <CsrfField token={csrf} />
            <p class="hint">{callerIsOwner ? t('risks.accept.asOwnerHint') : t('risks.accept.onBehalfHint', { owner: risk.owner_name ?? '—' })}</p>
            <Field name="decided_on" label={t('risks.accept.decided')} type="date" value={v.decided_on ?? today} error={errOf(errors, 'decided_on')} required hint={t('risks.accept.decidedHint')} />
            <Field name="expires_on" label={t('risks.accept.expires')} type="date" value={v.expires_on ?? latest} error={errOf(errors, 'expires_on')} required hint={t('risks.accept.expiresHint', { date: formatDate(latest) })} />
            <TextArea name="accept_note" label={t('risks.accept.note')} value={v.accept_note ?? ''} error={errOf(errors, 'note')} required={!callerIsOwner} hint={t('risks.accept.noteHint')} />
            <button type="submit" class="btn">
              {t('risks.accept.submit')}
            </button>
          </form>
        </details>
      )}
      {acceptances.length > (current ? 1 : 0) && (
        <details>
          <summary>{t('risks.accept.history', { n: acceptances.length })}</summary>
          <ul class="small">
            {acceptances.map((a) => (
              <li>
                {t('risks.accept.historyLine', { date: formatDate(a.decided_on), expires: formatDate(a.expires_on), score: a.residual_score, who: a.accepted_by })}{' '}
                <Pill tone={ACCEPT_TONE[a.state]}>{t(`risks.acceptState.${a.state}`)}</Pill>
                {a.ended_reason && <span class="muted"> · {t(`risks.acceptEnded.${a.ended_reason}`)}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function ReviewSection({ risk, matrix, reviews, canWrite, today, csrf, posted }: { risk: RiskDetailOut; matrix: RiskMatrix; reviews: ReviewOut[]; canWrite: boolean; today: string; csrf: string; posted: PostedForm | null }) {
  const errors = errorsOf(posted, 'review');
  const v = posted?.form === 'review' ? posted.values : {};
  return (
    <section class="card" aria-labelledby="reviews-h" id="reviews">
      <div class="card-head">
        <h2 id="reviews-h">{t('risks.reviews.title')}</h2>
      </div>
      <FormErrors errors={errors} id="review-errors" />
      <dl class="facts">
        <dt>{t('risks.field.next_review')}</dt>
        <dd>
          <ReviewPill state={risk.review.state} due={risk.review.due} />
          {risk.review.basis === 'acceptance_expired' && <span class="sub">{t('risks.reviews.basisAcceptance')}</span>}
        </dd>
        <dt>{t('risks.field.last_reviewed')}</dt>
        <dd>{formatDate(risk.last_reviewed)}</dd>
      </dl>
      {canWrite && risk.status !== 'closed' && (
        <details class="add-form" open={errors.length > 0}>
          <summary>{t('risks.reviews.add')}</summary>
          <form method="post" action={`/risks/${risk.id}/reviews`} novalidate>
            <CsrfField token={csrf} />
            <p class="hint">{t('risks.reviews.snapshotHint')}</p>
            <Field name="reviewed_on" label={t('risks.reviews.date')} type="date" value={v.reviewed_on ?? today} error={errOf(errors, 'reviewed_on')} required />
            <TextArea name="review_note" label={t('risks.reviews.note')} value={v.review_note ?? ''} error={errOf(errors, 'note')} required />
            <Field name="next_review" label={t('risks.field.next_review')} type="date" value={v.next_review ?? ''} error={errOf(errors, 'next_review')} hint={t('risks.reviews.nextHint')} />
            <button type="submit" class="btn">
              {t('risks.reviews.submit')}
            </button>
          </form>
        </details>
      )}
      {reviews.length === 0 ? (
        <p class="muted">{t('risks.reviews.empty')}</p>
      ) : (
        <ol class="events">
          {reviews.map((r) => (
            <li>
              <span class="what">
                <strong>{formatDate(r.reviewed_on)}</strong> <ScorePill matrix={matrix} score={r.inherent_score} /> → <ScorePill matrix={matrix} score={r.residual_score} />{' '}
                <StatusPill status={r.status as RiskDetailOut['status']} />
                <span class="review-note">{r.note}</span>
              </span>
              <span class="when">{t('risks.reviews.next', { date: formatDate(r.next_review) })}</span>
              <span class="who">{t('risks.reviews.by', { who: r.reviewer })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
