// The policy page: the published text, its facts with the review clock, the reader's own
// acknowledgement, and for oversight roles the versions, campaigns and history.
import type { AuditEventOut } from '../../audit/schema.js';
import { CompletionBar } from '../../web/charts.js';
import { CsrfField, PageHeader, Pill } from '../../web/components.js';
import { formatDate, formatDateTime, t } from '../../web/i18n.js';
import { CampaignPill, DueDate, levelLabel, PolicyDocument, ReviewPill, VersionPill } from './parts.js';
import type { CampaignOut, PendingOut, PolicyOut, VersionSummaryOut } from './schema.js';
import { findTemplate } from './templates.js';

export interface DetailAbilities {
  write: boolean;
  approve: boolean;
  drafts: boolean;
  acknowledge: boolean;
}

export interface ShownVersion {
  number: number;
  status: VersionSummaryOut['status'];
  html: string;
  approved_by: string | null;
  approved_at: string | null;
  published_at: string | null;
}

export interface DetailViewProps {
  policy: PolicyOut;
  /** The published version, or for oversight roles the open draft when nothing is published yet. */
  shown: ShownVersion | null;
  versions: VersionSummaryOut[] | null;
  campaigns: CampaignOut[] | null;
  /** The reader's own acknowledgement: null when the role does not acknowledge. */
  ack: { person: boolean; acknowledged_at: string | null; pending: PendingOut | null } | null;
  history: AuditEventOut[] | null;
  can: DetailAbilities;
  csrf: string;
  today: string;
  timeZone: string;
  flash: string | null;
}

function Actions({ policy: p, can, csrf }: Pick<DetailViewProps, 'policy' | 'can' | 'csrf'>) {
  if (!can.write) return null;
  return (
    <>
      <a class="btn btn--ghost" href={`/policies/${p.id}/edit`}>
        {t('policies.action.editDetails')}
      </a>
      {p.open_status !== 'approved' && (
        <a class="btn" href={`/policies/${p.id}/draft`}>
          {p.open_status === 'draft' ? t('policies.action.editDraft', { n: p.open_version ?? '' }) : t('policies.action.newDraft')}
        </a>
      )}
      {p.published_version !== null && (
        <form method="post" action={`/policies/${p.id}/review`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit" class="btn btn--ghost" data-confirm={t('policies.review.confirm')}>
            {t('policies.action.review')}
          </button>
        </form>
      )}
    </>
  );
}

function AckCard({ policy, ack, csrf, today, timeZone }: { policy: PolicyOut; ack: NonNullable<DetailViewProps['ack']>; csrf: string; today: string; timeZone: string }) {
  if (policy.published_version === null) return null;
  if (!ack.person) {
    return (
      <div class="notice">
        <p>{t('policies.ackCard.noPerson')}</p>
      </div>
    );
  }
  if (ack.acknowledged_at) {
    return (
      <div class="alert alert--ok" role="status">
        <p>{t('policies.ackCard.done', { n: policy.published_version, when: formatDateTime(ack.acknowledged_at, timeZone) })}</p>
      </div>
    );
  }
  return (
    <section class="card ack-card" aria-labelledby="ack-h">
      <h2 id="ack-h">{t('policies.ackCard.title')}</h2>
      <p>
        {t('policies.ackCard.body', { n: policy.published_version })}
      </p>
      {ack.pending && (
        <p>
          <strong>{t('policies.ackCard.due')}</strong> <DueDate date={ack.pending.due_date} today={today} /> {ack.pending.overdue && <Pill tone="bad">{t('policies.ack.overdue')}</Pill>}
        </p>
      )}
      <form method="post" action={`/policies/${policy.id}/acknowledge`}>
        <CsrfField token={csrf} />
        <button type="submit" class="btn">
          {t('policies.action.acknowledge')}
        </button>
      </form>
    </section>
  );
}

function Facts({ policy: p, shown, today, timeZone }: Pick<DetailViewProps, 'policy' | 'shown' | 'today' | 'timeZone'>) {
  return (
    <section class="card" aria-labelledby="facts-h">
      <h2 id="facts-h">{t('policies.detail.facts')}</h2>
      <dl class="facts">
        <dt>{t('policies.field.ref')}</dt>
        <dd class="mono">{p.ref}</dd>
        <dt>{t('policies.field.level')}</dt>
        <dd>{levelLabel(p.level)}</dd>
        <dt>{t('policies.field.owner')}</dt>
        <dd>{p.owner?.name ?? '—'}</dd>
        <dt>{t('policies.field.published')}</dt>
        <dd>
          {p.published_version !== null ? t('policies.detail.publishedOn', { n: p.published_version, when: formatDateTime(p.published_at, timeZone) }) : t('policies.detail.notPublished')}
          {shown?.status === 'published' && shown.approved_by && <span class="sub">{t('policies.detail.approvedBy', { who: shown.approved_by, when: formatDateTime(shown.approved_at, timeZone) })}</span>}
        </dd>
        <dt>{t('policies.field.interval')}</dt>
        <dd>{t('policies.detail.everyMonths', { n: p.review_interval_months })}</dd>
        <dt>{t('policies.field.nextReview')}</dt>
        <dd>
          <ReviewPill state={p.review_status} /> {p.next_review && <DueDate date={p.next_review} today={today} />}
          <span class="sub">
            {p.last_reviewed ? t('policies.detail.reviewBasis', { n: p.review_interval_months, date: formatDate(p.last_reviewed) }) : t('policies.detail.reviewNone')}
          </span>
        </dd>
        {p.template && (
          <>
            <dt>{t('policies.field.template')}</dt>
            <dd>{findTemplate(p.template)?.title ?? p.template}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Versions({ policy, versions }: { policy: PolicyOut; versions: VersionSummaryOut[] }) {
  return (
    <section class="card" aria-labelledby="versions-h">
      <div class="card-head">
        <h2 id="versions-h">{t('policies.detail.versions')}</h2>
        {versions.length > 1 && <a href={`/policies/${policy.id}/diff`}>{t('policies.action.compare')}</a>}
      </div>
      <ol class="plain-list versions" reversed>
        {versions.map((v) => (
          <li>
            <p>
              <a href={`/policies/${policy.id}/versions/${v.number}`}>{t('policies.version.short', { n: v.number })}</a> <VersionPill status={v.status} /> {v.change_summary && <span>· {v.change_summary}</span>}
              {v.number > 1 && (
                <>
                  {' '}
                  · <a href={`/policies/${policy.id}/diff?from=${v.number - 1}&to=${v.number}`}>{t('policies.action.changes')}</a>
                </>
              )}
            </p>
            <span class="sub">
              {t('policies.version.drafted', { who: v.created_by, date: formatDate(v.created_at) })}
              {v.approved_by && v.approved_at ? ` · ${t('policies.version.approved', { who: v.approved_by, date: formatDate(v.approved_at) })}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Campaigns({ policy, campaigns, canStart, today }: { policy: PolicyOut; campaigns: CampaignOut[]; canStart: boolean; today: string }) {
  return (
    <section class="card" aria-labelledby="campaigns-h">
      <h2 id="campaigns-h">{t('policies.detail.campaigns')}</h2>
      {campaigns.length === 0 ? (
        <p class="muted">{t(policy.published_version === null ? 'policies.detail.noCampaignsUnpublished' : 'policies.detail.noCampaigns')}</p>
      ) : (
        <ul class="plain-list campaigns">
          {campaigns.map((c) => (
            <li>
              <p>
                <a href={`/policies/${policy.id}/campaigns/${c.id}`}>{t(`policies.campaign.audience.${c.audience}`, { department: c.department ?? '' })}</a> · {t('policies.list.versionN', { n: c.version })} ·{' '}
                <CampaignPill state={c.status} /> · {t('policies.pending.due')} <DueDate date={c.due_date} today={today} />
              </p>
              <CompletionBar part={c.counts.acknowledged} total={c.counts.required} label={t('policies.campaign.progress', { done: c.counts.acknowledged, total: c.counts.required })} />
            </li>
          ))}
        </ul>
      )}
      {canStart && (
        <p>
          <a class="btn btn--ghost btn--small" href={`/policies/${policy.id}/campaigns/new`}>
            {t('policies.action.startCampaign')}
          </a>
        </p>
      )}
    </section>
  );
}

/** One line per audit event, in words. */
function historyLine(e: AuditEventOut): string {
  const a = (e.after ?? {}) as Record<string, unknown>;
  const n = a.version ?? a.published_version ?? '';
  return t(`policies.history.${e.action}`, { n: String(n), due: typeof a.due_date === 'string' ? formatDate(a.due_date) : '', count: String(a.recipients ?? a.delivered ?? a.members ?? ''), failed: String(a.failed ?? 0) });
}

function History({ policy, events, timeZone }: { policy: PolicyOut; events: AuditEventOut[]; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="history-h">
      <div class="card-head">
        <h2 id="history-h">{t('policies.history.title')}</h2>
        <a href={`/audit?entity_type=policy&entity_id=${policy.id}`}>{t('policies.history.all')}</a>
      </div>
      {events.length === 0 ? (
        <p class="muted">{t('policies.history.none')}</p>
      ) : (
        <ol class="events">
          {events.map((e) => (
            <li>
              <span class="what">{historyLine(e)}</span>
              <time class="when" datetime={e.occurred_at}>
                {formatDateTime(e.occurred_at, timeZone)}
              </time>
              <span class="who">{t('policies.history.by', { who: e.actor.label })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function DetailView(props: DetailViewProps) {
  const { policy: p, shown, versions, campaigns, ack, history, can, csrf, today, timeZone, flash } = props;
  return (
    <>
      <p class="eyebrow">
        <a href="/policies">{t('policies.title')}</a>
      </p>
      <PageHeader title={p.title} subtitle={`${p.ref} · ${levelLabel(p.level)}${p.owner ? ` · ${t('policies.detail.ownedBy', { name: p.owner.name })}` : ''}`} actions={<Actions policy={p} can={can} csrf={csrf} />} />
      {flash && (
        <div class="alert alert--ok" role="status">
          <p>{flash}</p>
        </div>
      )}
      {can.drafts && p.open_version !== null && (
        <div class="notice">
          <p>
            <strong>{t(`policies.status.${p.open_status!}`)}</strong> {t(p.open_status === 'approved' ? 'policies.detail.openApproved' : 'policies.detail.openDraft', { n: p.open_version })}{' '}
            <a href={`/policies/${p.id}/versions/${p.open_version}`}>{t('policies.action.openVersion', { n: p.open_version })}</a>
          </p>
        </div>
      )}
      {ack && can.acknowledge && <AckCard policy={p} ack={ack} csrf={csrf} today={today} timeZone={timeZone} />}
      <div class="grid-2 policy-grid">
        <section class="card" aria-labelledby="doc-h">
          <div class="card-head">
            <h2 id="doc-h">{shown ? t('policies.detail.textOf', { n: shown.number }) : t('policies.detail.text')}</h2>
            {shown && <VersionPill status={shown.status} />}
          </div>
          {shown ? <PolicyDocument html={shown.html} label={p.title} /> : <p class="muted">{t('policies.detail.noText')}</p>}
        </section>
        <div class="stack">
          <Facts policy={p} shown={shown} today={today} timeZone={timeZone} />
          {versions && <Versions policy={p} versions={versions} />}
          {campaigns && <Campaigns policy={p} campaigns={campaigns} canStart={can.write && p.published_version !== null} today={today} />}
          {history && <History policy={p} events={history} timeZone={timeZone} />}
        </div>
      </div>
    </>
  );
}
