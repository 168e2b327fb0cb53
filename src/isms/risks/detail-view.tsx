// A risk's page: the facts, both scores with their bands, assets and controls, the treatment plan,
// acceptance and reviews, and the audit history; actions only for roles that may take them.
import type { AuditEventOut } from '../../audit/schema.js';
import { PageHeader, Pill } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import type { RiskMatrix } from './matrix.js';
import { AcceptanceSection, PlanSection, ReviewSection, type PostedForm } from './plan-view.js';
import type { AcceptanceOut, ReviewOut, RiskDetailOut } from './schema.js';
import { levelLabel, ScorePill, StatusPill } from './view-parts.js';

export interface DetailViewProps {
  risk: RiskDetailOut;
  matrix: RiskMatrix;
  assets: { id: string; ref: string; name: string; status: string }[];
  controls: { id: string; ref: string; title: string; level: string; status: string }[];
  reviews: ReviewOut[];
  acceptances: AcceptanceOut[];
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  owners: { id: string; name: string }[];
  can: { write: boolean; accept: boolean };
  callerIsOwner: boolean;
  today: string;
  timeZone: string;
  csrf: string;
  posted: PostedForm | null;
}

function Score({ matrix, label, l, i, score }: { matrix: RiskMatrix; label: string; l: number | null; i: number | null; score: number | null }) {
  return (
    <div class="score">
      <p class="stat-label">{label}</p>
      <p class="score-value">
        <ScorePill matrix={matrix} score={score} />
      </p>
      {l !== null && i !== null && (
        <p class="stat-detail">
          {t('risks.scoreBasis', { l, likelihood: levelLabel(matrix, 'likelihood', l), i, impact: levelLabel(matrix, 'impact', i) })}
        </p>
      )}
    </div>
  );
}

const text = (s: string | null) => (s ? <span class="prewrap">{s}</span> : '—');

const FIELDS = ['title', 'owner_id', 'likelihood', 'impact', 'inherent_score', 'treatment', 'residual_likelihood', 'residual_impact', 'residual_score', 'status', 'next_review', 'acceptance_expires'] as const;

/** Which recorded facts an audit event changed, by name. */
function changedFields(e: AuditEventOut): string[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (!e.before) return [];
  return FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}

function History({ events, timeZone }: { events: AuditEventOut[]; timeZone: string }) {
  if (!events.length) return <p class="muted">{t('risks.history.none')}</p>;
  return (
    <ol class="events">
      {events.map((e) => {
        const fields = changedFields(e);
        return (
          <li>
            <span class="what">
              <strong>{t(`risks.event.${e.action}`)}</strong>
              {fields.length > 0 && <span class="sub">{fields.map((f) => t(`risks.field.${f}`)).join(', ')}</span>}
            </span>
            <time class="when" datetime={e.occurred_at}>
              {formatDateTime(e.occurred_at, timeZone)}
            </time>
            <span class="who">{t('risks.history.by', { who: e.actor.label })}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function DetailView(p: DetailViewProps) {
  const r = p.risk;
  return (
    <>
      <p class="eyebrow">
        <a href="/risks">{t('risks.title')}</a> · <span class="mono">{r.ref}</span>
      </p>
      <PageHeader
        title={r.title}
        subtitle={r.owner_name ? t('risks.detail.ownedBy', { owner: r.owner_name }) : t('risks.detail.noOwner')}
        actions={
          p.can.write ? (
            <a class="btn" href={`/risks/${r.id}/edit`}>
              {t('risks.action.edit')}
            </a>
          ) : undefined
        }
      />
      <div class="stats">
        <div class="stat">
          <Score matrix={p.matrix} label={t('risks.field.inherent')} l={r.likelihood} i={r.impact} score={r.inherent_score} />
        </div>
        <div class="stat">
          <Score matrix={p.matrix} label={t('risks.field.residual')} l={r.residual_likelihood} i={r.residual_impact} score={r.residual_score} />
        </div>
        <div class="stat">
          <p class="stat-label">{t('risks.field.status')}</p>
          <p class="score-value">
            <StatusPill status={r.shown_status} />
          </p>
          <p class="stat-detail">{r.treatment ? t('risks.detail.treatment', { treatment: t(`risks.treatment.${r.treatment}`) }) : t('risks.detail.noTreatment')}</p>
        </div>
      </div>
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('risks.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('risks.field.owner')}</dt>
              <dd>{r.owner_id && r.owner_name ? <a href={`/people/${r.owner_id}`}>{r.owner_name}</a> : '—'}</dd>
              <dt>{t('risks.field.threat')}</dt>
              <dd>{text(r.threat)}</dd>
              <dt>{t('risks.field.vulnerability')}</dt>
              <dd>{text(r.vulnerability)}</dd>
              <dt>{t('risks.field.description')}</dt>
              <dd>{text(r.description)}</dd>
              <dt>{t('risks.field.assets')}</dt>
              <dd>
                {p.assets.length ? (
                  <ul class="plain">
                    {p.assets.map((a) => (
                      <li>
                        <a href={`/assets/${a.id}`}>
                          <span class="mono">{a.ref}</span> {a.name}
                        </a>
                        {a.status === 'retired' && <Pill tone="muted">{t('risks.detail.retired')}</Pill>}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t('risks.detail.created')}</dt>
              <dd>{formatDateTime(r.created_at, p.timeZone)}</dd>
              <dt>{t('risks.detail.updated')}</dt>
              <dd>{formatDateTime(r.updated_at, p.timeZone)}</dd>
            </dl>
          </section>
          <PlanSection risk={r} owners={p.owners} canWrite={p.can.write} csrf={p.csrf} posted={p.posted} />
          <section class="card" aria-labelledby="controls-h">
            <h2 id="controls-h">{t('risks.detail.controls')}</h2>
            {p.controls.length ? (
              <ul class="plain">
                {p.controls.map((c) => (
                  <li>
                    <a href={`/controls/${c.id}`}>
                      <span class="mono">{c.ref}</span> {c.title}
                    </a>{' '}
                    <span class="muted small">· {c.level}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('risks.detail.noControls')}</p>
            )}
          </section>
        </div>
        <div class="stack">
          <AcceptanceSection
            risk={r}
            matrix={p.matrix}
            acceptances={p.acceptances}
            canAccept={p.can.accept}
            callerIsOwner={p.callerIsOwner}
            today={p.today}
            timeZone={p.timeZone}
            csrf={p.csrf}
            posted={p.posted}
          />
          <ReviewSection risk={r} matrix={p.matrix} reviews={p.reviews} canWrite={p.can.write} today={p.today} csrf={p.csrf} posted={p.posted} />
          {p.history && (
            <section class="card" aria-labelledby="history-h">
              <div class="card-head">
                <h2 id="history-h">{t('risks.history.title')}</h2>
                <a href={`/audit?entity_type=risk&entity_id=${r.id}`}>{t('risks.history.all')}</a>
              </div>
              <History events={p.history} timeZone={p.timeZone} />
            </section>
          )}
        </div>
      </div>
    </>
  );
}
