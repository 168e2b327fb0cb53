// The dashboard at `/`: real counts for oversight roles, and the signed-in person's own tasks for staff.
import type { Context } from 'hono';
import type { AuditEventOut } from '../audit/schema.js';
import type { AuthState } from '../http/env.js';
import type { AppEnv } from '../http/env.js';
import { ctxOf } from '../http/env.js';
import type { PeopleSummary } from '../isms/people/service.js';
import { BarChart, ColumnChart, CompletionBar, percent, type Datum } from './charts.js';
import { Card, LocalTime, PageHeader, Pill, Stat } from './components.js';
import type { UsersSummary as AccountsSummary } from '../auth/users-service.js';
import { dashboardData, type AuditActivity, type DashboardData, type Panel } from './dashboard-data.js';
import { ControlStat, RiskStat, SoaStat, Unavailable, unavailableStat } from './dashboard-isms.js';
import { PendingCard } from '../isms/policies/list-view.js';
import { zonedDate } from './dates.js';
import './dashboard-messages.js';
import { currentLocale, formatNumber, t } from './i18n.js';
import { renderPage } from './layout.js';

const MAX_DEPARTMENTS = 12;

/** The tail of an id: UUIDv7s share their time-based head, so the end tells them apart. */
export const shortId = (id: string) => (id.length > 12 ? `…${id.slice(-8)}` : id);

const intlLocale = () => (currentLocale() === 'fi' ? 'fi-FI' : 'en-GB');

/** Departments largest first; past the first dozen they fold into one "other" bar so the chart stays legible. */
export function departmentData(s: PeopleSummary): Datum[] {
  const named = s.departments.map((d) => ({ label: d.name || t('dash.people.noDepartment'), value: d.count }));
  if (named.length <= MAX_DEPARTMENTS) return named;
  const rest = named.slice(MAX_DEPARTMENTS - 1);
  return [...named.slice(0, MAX_DEPARTMENTS - 1), { label: t('dash.people.otherDepartments', { n: rest.length }), value: rest.reduce((n, d) => n + d.value, 0) }];
}

function PeopleStat({ p, requestId }: { p: Panel<PeopleSummary>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.people.label'), requestId);
  const s = p.data;
  return (
    <Stat
      label={t('dash.people.label')}
      value={formatNumber(s.active)}
      detail={t('dash.people.detail', { leaving: formatNumber(s.leaving), left: formatNumber(s.left) })}
      link={{ href: '/people', label: t('dash.people.link') }}
    />
  );
}

function AccountsStat({ p, requestId }: { p: Panel<AccountsSummary>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.accounts.label'), requestId);
  const a = p.data;
  return (
    <Stat
      label={t('dash.accounts.label')}
      value={formatNumber(a.active)}
      detail={<CompletionBar part={a.withMfa} total={a.active} label={t('dash.accounts.mfa', { n: formatNumber(a.withMfa), total: formatNumber(a.active), pct: percent(a.withMfa, a.active) })} />}
    />
  );
}

function AuditStat({ p, requestId }: { p: Panel<AuditActivity>; requestId: string }) {
  if (!p.ok) return unavailableStat(t('dash.audit.label'), requestId);
  return (
    <Stat
      label={t('dash.audit.label')}
      value={formatNumber(p.data.total)}
      detail={t('dash.audit.detail', { days: p.data.perDay.length })}
      link={{ href: `/audit?from=${p.data.since}`, label: t('dash.audit.link') }}
    />
  );
}

function DepartmentsCard({ p, requestId }: { p: Panel<PeopleSummary>; requestId: string }) {
  const data = p.ok ? departmentData(p.data) : [];
  const largest = data[0];
  return (
    <Card title={t('dash.departments.title')} labelledBy="dash-departments">
      {!p.ok ? (
        <Unavailable requestId={requestId} />
      ) : (
        <BarChart
          id="departments"
          title={t('dash.departments.title')}
          description={largest ? t('dash.departments.desc', { n: data.length, name: largest.label, count: formatNumber(largest.value) }) : ''}
          labelHeader={t('dash.departments.department')}
          valueHeader={t('dash.departments.people')}
          data={data}
          empty={
            <>
              {t('dash.departments.empty')} <a href="/people">{t('dash.people.link')}</a>
            </>
          }
        />
      )}
    </Card>
  );
}

function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

function ActivityCard({ p, requestId }: { p: Panel<AuditActivity>; requestId: string }) {
  return (
    <Card title={t('dash.activity.title')} labelledBy="dash-activity">
      {!p.ok ? (
        <Unavailable requestId={requestId} />
      ) : (
        <ColumnChart
          id="activity"
          title={t('dash.activity.title')}
          description={t('dash.activity.desc', { total: formatNumber(p.data.total), days: p.data.perDay.length })}
          labelHeader={t('dash.activity.day')}
          valueHeader={t('dash.activity.events')}
          data={p.data.perDay.map((d) => ({ label: dayLabel(d.date), value: d.count }))}
          highlightLast
          empty={t('dash.latest.empty')}
        />
      )}
    </Card>
  );
}

function LatestCard({ p, requestId, timeZone }: { p: Panel<AuditActivity>; requestId: string; timeZone: string }) {
  const events: AuditEventOut[] = p.ok ? p.data.latest : [];
  return (
    <Card title={t('dash.latest.title')} labelledBy="dash-latest" link={{ href: '/audit', label: t('dash.audit.link') }}>
      {!p.ok ? (
        <Unavailable requestId={requestId} />
      ) : events.length === 0 ? (
        <p class="chart-empty">{t('dash.latest.empty')}</p>
      ) : (
        <ul class="events">
          {events.map((e) => (
            <li>
              <span class="what">
                <a href={`/audit/${encodeURIComponent(e.id)}`}>
                  <code>{e.action}</code>
                </a>
              </span>
              <span class="when">
                <LocalTime iso={e.occurred_at} timeZone={timeZone} />
              </span>
              <span class="who">
                {e.entity_type}{' '}
                <span class="mono" title={e.entity_id}>
                  {shortId(e.entity_id)}
                </span>{' '}
                · {t('dash.latest.by', { actor: e.actor.label })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function StaffDashboard({ auth, pending, requestId, today }: { auth: AuthState; pending: DashboardData['pending']; requestId: string; today: string }) {
  const mfaOn = auth.user.mfa_enabled_at !== null;
  const items = pending?.ok ? pending.data : [];
  return (
    <div class="grid-2">
      {items.length > 0 ? (
        <PendingCard pending={items} today={today} />
      ) : (
        <Card title={t('dash.tasks.title')} labelledBy="dash-tasks">
          {pending && !pending.ok ? <Unavailable requestId={requestId} /> : <p class="lead">{t('dash.tasks.none')}</p>}
          <p class="muted">{t('dash.tasks.coming')}</p>
        </Card>
      )}
      <Card title={t('dash.account.title')} labelledBy="dash-account" link={{ href: '/account', label: t('dash.account.link') }}>
        <dl class="facts">
          <dt>{t('dash.account.role')}</dt>
          <dd>{t(`role.${auth.role}`)}</dd>
          <dt>{t('dash.account.mfa')}</dt>
          <dd>{mfaOn ? <Pill tone="ok">{t('dash.account.mfaOn')}</Pill> : <Pill tone="warn">{t('dash.account.mfaOff')}</Pill>}</dd>
        </dl>
      </Card>
    </div>
  );
}

export async function renderDashboard(c: Context<AppEnv>) {
  const services = c.get('services');
  const auth = c.get('auth')!;
  const tz = services.timeZone;
  const requestId = c.get('requestId');
  const data = await dashboardData(ctxOf(c), tz);
  const longDate = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: tz }).format(services.clock.now());
  const oversight = Boolean(data.people || data.accounts || data.audit);
  const today = zonedDate(services.clock.now(), tz);
  const pending = data.pending?.ok ? data.pending.data : [];
  return renderPage(
    c,
    { title: t('nav.dashboard'), active: 'dashboard' },
    <>
      <PageHeader title={t('nav.dashboard')} subtitle={`${services.orgName} · ${longDate}`} />
      {!oversight ? (
        <StaffDashboard auth={auth} pending={data.pending} requestId={requestId} today={today} />
      ) : (
        <>
          {pending.length > 0 && <PendingCard pending={pending} today={today} />}
          {(data.risks || data.controls || data.soa) && (
            <div class="stats" role="group" aria-label={t('dash.isms.label')}>
              {data.risks && <RiskStat p={data.risks} requestId={requestId} />}
              {data.controls && <ControlStat p={data.controls} requestId={requestId} />}
              {data.soa && <SoaStat p={data.soa} requestId={requestId} />}
            </div>
          )}
          <div class="stats">
            {data.people && <PeopleStat p={data.people} requestId={requestId} />}
            {data.accounts && <AccountsStat p={data.accounts} requestId={requestId} />}
            {data.audit && <AuditStat p={data.audit} requestId={requestId} />}
          </div>
          <div class="grid-2">
            <div class="stack">
              {data.people && <DepartmentsCard p={data.people} requestId={requestId} />}
              {data.audit && <ActivityCard p={data.audit} requestId={requestId} />}
            </div>
            <div class="stack">{data.audit && <LatestCard p={data.audit} requestId={requestId} timeZone={tz} />}</div>
          </div>
        </>
      )}
    </>,
  );
}
