// One control: its facts and review clock with the basis, "no evidence yet" with its basis, the
// requirements it meets grouped by framework, risks, assets, reviews (and the review form), history.
import type { AuditEventOut } from '../../audit/schema.js';
import { CsrfField, ErrorSummary, Field, PageHeader, SelectField } from '../../web/components.js';
import { formatDate, formatDateTime, formatNumber, t } from '../../web/i18n.js';
import { TextArea } from './form-view.js';
import { History } from './history-view.js';
import { EffectivenessPill, NextReview, StatusPill } from './pills.js';
import { dayOf } from './rules.js';
import type { ControlDetailOut, RequirementLinkOut } from './schema.js';

export interface ReviewFormState {
  csrf: string;
  values: { reviewed_on: string; reviewer_id: string; note: string };
  errors: { field: string; message: string }[];
  reviewers: { id: string; name: string; email: string }[];
}

export interface DetailViewProps {
  control: ControlDetailOut;
  frameworks: Map<string, string>;
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  /** Names of the people the history mentions, by id. */
  names: Map<string, string>;
  canWrite: boolean;
  /** The review form, for roles that may record one. */
  reviewForm: ReviewFormState | null;
  /** A review was just recorded (shown once after the redirect). */
  reviewed: boolean;
  timeZone: string;
  today: string;
}

/** Paragraphs on blank lines, line breaks kept: the text stays text (JSX escapes it). */
const Prose = ({ text }: { text: string }) => (
  <div class="prose">
    {text.split(/\n{2,}/).map((para) => (
      <p>
        {para.split('\n').map((line, i) => (
          <>
            {i > 0 && <br />}
            {line}
          </>
        ))}
      </p>
    ))}
  </div>
);

function Facts({ c, today, timeZone }: { c: ControlDetailOut; today: string; timeZone: string }) {
  const basis = c.last_reviewed
    ? t('controls.detail.basisReviewed', { date: formatDate(c.last_reviewed), n: formatNumber(c.review_interval_days) })
    : t('controls.detail.basisCreated', { date: formatDate(dayOf(c.created_at)), n: formatNumber(c.review_interval_days) });
  return (
    <section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">{t('controls.detail.facts')}</h2>
      {c.description && <Prose text={c.description} />}
      <dl class="facts">
        <dt>{t('controls.field.ref')}</dt>
        <dd class="mono">{c.ref}</dd>
        <dt>{t('controls.field.level')}</dt>
        <dd>
          <a href={`/controls?level=${c.level}`}>{t(`controls.level.${c.level}`)}</a>
        </dd>
        <dt>{t('controls.field.status')}</dt>
        <dd>
          <StatusPill status={c.status} />
        </dd>
        <dt>{t('controls.field.owner')}</dt>
        <dd>{c.owner_id && c.owner_name ? <a href={`/people/${c.owner_id}`}>{c.owner_name}</a> : <span class="muted">{t('controls.detail.noOwner')}</span>}</dd>
        <dt>{t('controls.field.review_interval_days')}</dt>
        <dd>{t('controls.detail.days', { n: formatNumber(c.review_interval_days) })}</dd>
        <dt>{t('controls.field.last_reviewed')}</dt>
        <dd>{c.last_reviewed ? formatDate(c.last_reviewed) : <span class="muted">{t('controls.detail.neverReviewed')}</span>}</dd>
        <dt>{t('controls.field.next_review')}</dt>
        <dd>
          <NextReview next={c.next_review} state={c.review_state} today={today} />
          <br />
          <span class="small muted">{basis}</span>
        </dd>
        <dt>{t('controls.detail.updated')}</dt>
        <dd>{formatDateTime(c.updated_at, timeZone)}</dd>
      </dl>
    </section>
  );
}

function Effectiveness({ c }: { c: ControlDetailOut }) {
  const e = c.effectiveness;
  return (
    <section class="card" aria-labelledby="eff-h">
      <h2 id="eff-h">{t('controls.field.effectiveness')}</h2>
      <p>
        <EffectivenessPill status={e.status} />
      </p>
      <p>{t(e.basis.explanation)}</p>
      <dl class="facts">
        <dt>{t('controls.effectiveness.items')}</dt>
        <dd>{formatNumber(e.basis.evidence_items)}</dd>
        <dt>{t('controls.effectiveness.latest')}</dt>
        <dd>{e.basis.latest_evidence_at ? formatDate(e.basis.latest_evidence_at) : '—'}</dd>
      </dl>
    </section>
  );
}

function Requirements({ c, frameworks }: { c: ControlDetailOut; frameworks: Map<string, string> }) {
  const groups = new Map<string, RequirementLinkOut[]>();
  for (const r of c.requirements) groups.set(r.framework_id, [...(groups.get(r.framework_id) ?? []), r]);
  return (
    <section class="card" aria-labelledby="req-h">
      <h2 id="req-h">{t('controls.detail.requirements', { n: c.requirements.length })}</h2>
      {c.requirements.length === 0 && <p class="muted">{t('controls.detail.noRequirements')}</p>}
      {[...groups].map(([fw, reqs]) => (
        <>
          <h3>{frameworks.get(fw) ?? fw}</h3>
          <ul>
            {reqs.map((r) => (
              <li>
                <a class="mono" href={`/controls?requirement=${encodeURIComponent(r.key)}`} title={t('controls.detail.sameRequirement')}>
                  {r.ref}
                </a>{' '}
                {r.title}
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

function Linked({ id, title, none, items }: { id: string; title: string; none: string; items: { href: string; ref: string; label: string }[] }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p class="muted">{none}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li>
              <a class="mono" href={i.href}>
                {i.ref}
              </a>{' '}
              {i.label}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewForm({ id, f }: { id: string; f: ReviewFormState }) {
  const shown = f.errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (field: string) => shown.find((e) => e.field === field)?.message;
  return (
    <form method="post" action={`/controls/${id}/reviews`} class="card" aria-labelledby="review-form-h" novalidate>
      <h2 id="review-form-h">{t('controls.reviewForm.title')}</h2>
      <ErrorSummary errors={shown} />
      <CsrfField token={f.csrf} />
      <Field name="reviewed_on" type="date" label={t('controls.reviewForm.date')} value={f.values.reviewed_on} error={err('reviewed_on')} required />
      <SelectField
        name="reviewer_id"
        label={t('controls.reviewForm.reviewer')}
        value={f.values.reviewer_id}
        error={err('reviewer_id')}
        required
        options={[{ value: '', label: t('controls.reviewForm.chooseReviewer') }, ...f.reviewers.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))]}
      />
      <TextArea name="note" label={t('controls.reviewForm.note')} value={f.values.note} error={err('note')} hint={t('controls.reviewForm.noteHint')} rows={3} maxlength={2000} />
      <button type="submit" class="btn">
        {t('controls.reviewForm.submit')}
      </button>
    </form>
  );
}

function Reviews({ c }: { c: ControlDetailOut }) {
  return (
    <section class="card" aria-labelledby="reviews-h" id="reviews">
      <h2 id="reviews-h">{t('controls.detail.reviews', { n: c.reviews.length })}</h2>
      {c.reviews.length === 0 ? (
        <p class="muted">{t('controls.detail.noReviews')}</p>
      ) : (
        <ol class="events">
          {c.reviews.map((r) => (
            <li>
              <div class="what">
                <strong>{formatDate(r.reviewed_on)}</strong> {r.reviewer_id && r.reviewer_name ? <a href={`/people/${r.reviewer_id}`}>{r.reviewer_name}</a> : '—'}
                {r.note && <Prose text={r.note} />}
              </div>
              <span class="who">{t('controls.history.by', { who: r.recorded_by })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function DetailView({ control: c, frameworks, history, names, canWrite, reviewForm, reviewed, timeZone, today }: DetailViewProps) {
  return (
    <>
      <p class="eyebrow">
        <a href="/controls">{t('controls.title')}</a>
      </p>
      <PageHeader
        title={c.title}
        subtitle={`${c.ref} · ${t(`controls.level.${c.level}`)}`}
        actions={
          canWrite ? (
            <a class="btn" href={`/controls/${c.id}/edit`}>
              {t('controls.action.edit')}
            </a>
          ) : undefined
        }
      />
      {reviewed && (
        <div class="alert alert--ok" role="status">
          <p>{t('controls.detail.reviewRecorded', { date: formatDate(c.next_review) })}</p>
        </div>
      )}
      <div class="grid-2">
        <div class="stack">
          <Facts c={c} today={today} timeZone={timeZone} />
          <Effectiveness c={c} />
          <Requirements c={c} frameworks={frameworks} />
          <Linked id="risks-h" title={t('controls.detail.risks', { n: c.risks.length })} none={t('controls.detail.noRisks')} items={c.risks.map((r) => ({ href: `/risks/${r.id}`, ref: r.ref, label: r.title }))} />
          <Linked id="assets-h" title={t('controls.detail.assets', { n: c.assets.length })} none={t('controls.detail.noAssets')} items={c.assets.map((a) => ({ href: `/assets/${a.id}`, ref: a.ref, label: a.name }))} />
        </div>
        <div class="stack">
          {canWrite && reviewForm && <ReviewForm id={c.id} f={reviewForm} />}
          <Reviews c={c} />
          {history && (
            <section class="card" aria-labelledby="history-h">
              <div class="card-head">
                <h2 id="history-h">{t('controls.history.title')}</h2>
                <a href={`/audit?entity_type=control&entity_id=${c.id}`}>{t('controls.history.all')}</a>
              </div>
              <History events={history} timeZone={timeZone} names={names} />
            </section>
          )}
        </div>
      </div>
    </>
  );
}
