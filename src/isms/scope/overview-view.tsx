// The /scope page: the scope statement with its boundaries, exclusions and interfaces, its review
// clock and history, and summaries of the context, the interested parties and the objectives.
import type { AuditEventOut } from '../../audit/schema.js';
import { EmptyState, PageHeader, Pill, Stat } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { ObjectivesOverview } from './charts.js';
import type { ObjectivesSummary } from './objectives-service.js';
import type { ScopeOut } from './schema.js';
import type { ScopeCounts } from './service.js';
import { OBJECTIVE_STATUSES, REVIEW_SOON_DAYS } from './status.js';
import { Countdown, History, ObjectiveStatusPill, Paragraphs, ReviewPill } from './view-parts.js';
import { formatDate, formatNumber } from './format.js';

export interface OverviewProps {
  scope: ScopeOut;
  counts: ScopeCounts;
  objectives: ObjectivesSummary;
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  canWrite: boolean;
  timeZone: string;
  saved: boolean;
}

function Boundaries({ scope }: { scope: ScopeOut }) {
  const groups = [
    ['org_units', scope.org_units],
    ['locations', scope.locations],
    ['services', scope.services],
    ['systems', scope.systems],
  ] as const;
  return (
    <div class="boundaries">
      {groups.map(([key, items]) => (
        <section aria-labelledby={`b-${key}`}>
          <h3 id={`b-${key}`}>{t(`scope.field.${key}`)}</h3>
          {items.length ? (
            <ul class="tags">
              {items.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
          ) : (
            <p class="muted small">{t('scope.statement.noneListed')}</p>
          )}
        </section>
      ))}
    </div>
  );
}

function Statement({ scope }: { scope: ScopeOut }) {
  return (
    <>
      <section class="card" aria-labelledby="statement-h">
        <div class="card-head">
          <h2 id="statement-h">{t('scope.statement.title')}</h2>
          <span class="muted small">{t('scope.statement.version', { n: scope.version })}</span>
        </div>
        <div class="prose">
          <Paragraphs text={scope.statement} />
        </div>
        <h3 class="section-h">{t('scope.statement.boundaries')}</h3>
        <Boundaries scope={scope} />
      </section>
      <section class="card" aria-labelledby="exclusions-h">
        <h2 id="exclusions-h">{t('scope.field.exclusions')}</h2>
        {scope.exclusions.length ? (
          <dl class="pairs">
            {scope.exclusions.map((e) => (
              <>
                <dt>{e.item}</dt>
                <dd>
                  <Paragraphs text={e.justification} />
                </dd>
              </>
            ))}
          </dl>
        ) : (
          <p class="muted">{t('scope.statement.noExclusions')}</p>
        )}
      </section>
      <section class="card" aria-labelledby="interfaces-h">
        <h2 id="interfaces-h">{t('scope.field.interfaces')}</h2>
        {scope.interfaces.length ? (
          <dl class="pairs">
            {scope.interfaces.map((i) => (
              <>
                <dt>
                  {i.party} <Pill tone={i.kind === 'interface' ? 'info' : 'muted'}>{t(`scope.interfaceKind.${i.kind}`)}</Pill>
                </dt>
                <dd>
                  <Paragraphs text={i.description} />
                </dd>
              </>
            ))}
          </dl>
        ) : (
          <p class="muted">{t('scope.statement.noInterfaces')}</p>
        )}
      </section>
    </>
  );
}

function Review({ scope, timeZone }: { scope: ScopeOut; timeZone: string }) {
  const r = scope.review;
  return (
    <section class="card" aria-labelledby="review-h">
      <h2 id="review-h">{t('scope.review.title')}</h2>
      <dl class="facts">
        <dt>{t('scope.field.last_reviewed')}</dt>
        <dd>{formatDate(scope.last_reviewed)}</dd>
        <dt>{t('scope.field.next_review')}</dt>
        <dd>
          {scope.next_review ? (
            <>
              {formatDate(scope.next_review)} · <Countdown days={r.days_left!} date={scope.next_review} />{' '}
            </>
          ) : null}
          <ReviewPill status={r.status} />
        </dd>
        <dt>{t('scope.statement.changed')}</dt>
        <dd>{formatDateTime(scope.updated_at, timeZone)}</dd>
      </dl>
      <p class="list-note">{t('scope.review.rule', { days: REVIEW_SOON_DAYS })}</p>
    </section>
  );
}

function Summaries({ counts, objectives }: Pick<OverviewProps, 'counts' | 'objectives'>) {
  const issues = counts.issues.internal + counts.issues.external;
  const p = counts.parties;
  const attention = objectives.byStatus.missed + objectives.byStatus.at_risk;
  return (
    <div class="stats">
      <Stat
        label={t('scope.context.title')}
        value={formatNumber(issues)}
        detail={t('scope.overview.issuesDetail', { internal: counts.issues.internal, external: counts.issues.external })}
        link={{ href: '/scope/context', label: t('scope.overview.openContext') }}
      />
      <Stat
        label={t('scope.parties.title')}
        value={formatNumber(p.parties)}
        detail={t('scope.overview.partiesDetail', { through: p.throughIsms, total: p.requirements })}
        link={{ href: '/scope/parties', label: t('scope.overview.openParties') }}
      />
      <Stat
        label={t('scope.objectives.title')}
        value={formatNumber(objectives.total)}
        detail={t('scope.overview.objectivesDetail', { met: objectives.byStatus.met, attention })}
        link={{ href: '/scope/objectives', label: t('scope.overview.openObjectives') }}
      />
    </div>
  );
}

function ObjectivesCard({ objectives }: { objectives: ObjectivesSummary }) {
  return (
    <section class="card" aria-labelledby="objectives-h">
      <div class="card-head">
        <h2 id="objectives-h">{t('scope.overview.objectivesTitle')}</h2>
        <a href="/scope/objectives">{t('scope.overview.allObjectives')}</a>
      </div>
      {objectives.total > 0 && (
        <ul class="status-counts">
          {OBJECTIVE_STATUSES.filter((s) => objectives.byStatus[s] > 0).map((s) => (
            <li>
              <a href={`/scope/objectives?status=${s}`}>
                <ObjectiveStatusPill status={s} /> {formatNumber(objectives.byStatus[s])}
              </a>
            </li>
          ))}
        </ul>
      )}
      <ObjectivesOverview items={objectives.attention} />
      {objectives.total > 0 && (
        <p class="hint small">
          {t('scope.chart.overviewLegend')}
          {objectives.total > objectives.attention.length && <> {t('scope.overview.attentionFirst', { shown: objectives.attention.length, total: objectives.total })}</>}
        </p>
      )}
    </section>
  );
}

export function OverviewView({ scope, counts, objectives, history, canWrite, timeZone, saved }: OverviewProps) {
  const edit = canWrite ? (
    <a class="btn" href="/scope/edit">
      {scope.version ? t('scope.action.editScope') : t('scope.action.writeScope')}
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title={t('scope.title')} subtitle={t('scope.subtitle')} actions={edit} />
      {saved && (
        <div class="alert alert--ok" role="status">
          {t('scope.statement.saved', { n: scope.version })}
        </div>
      )}
      <Summaries counts={counts} objectives={objectives} />
      {scope.version === 0 ? (
        <EmptyState title={t('scope.empty.title')}>
          <p>{t('scope.empty.body')}</p>
          {canWrite ? <p>{edit}</p> : <p class="muted">{t('scope.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <div class="grid-2">
          <div class="stack">
            <Statement scope={scope} />
          </div>
          <div class="stack">
            <Review scope={scope} timeZone={timeZone} />
            <ObjectivesCard objectives={objectives} />
            {history && <History events={history} timeZone={timeZone} auditHref="/audit?entity_type=isms_scope&entity_id=isms-scope" />}
          </div>
        </div>
      )}
      {scope.version === 0 && objectives.total > 0 && <ObjectivesCard objectives={objectives} />}
    </>
  );
}
