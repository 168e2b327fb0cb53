// What the dashboard shows, gathered through each area's service and only what the caller's role may read.
import { can } from '../auth/permissions.js';
import { usersSummary, type UsersSummary } from '../auth/users-service.js';
import type { AuditEventOut } from '../audit/schema.js';
import { listAudit } from '../audit/service.js';
import { authorize } from '../auth/permissions.js';
import { actorRole, type Ctx } from '../core/context.js';
import { peopleSummary, type PeopleSummary } from '../isms/people/service.js';
import type { PendingOut } from '../isms/policies/schema.js';
import type { SoaSummary } from '../isms/soa/rules.js';
import { addDays, zonedDate, zonedDayStart } from './dates.js';
import { controlGlance, pendingAcknowledgements, riskGlance, soaGlance, type ControlGlance, type RiskGlance } from './dashboard-isms-data.js';

/** A panel's figures, or the fact that they could not be read (the rest of the page still shows). */
export type Panel<T> = { ok: true; data: T } | { ok: false };


export interface AuditActivity {
  /** The first day of the window, YYYY-MM-DD in the organisation's time zone. */
  since: string;
  total: number;
  perDay: { date: string; count: number }[];
  latest: AuditEventOut[];
}

export interface DashboardData {
  people?: Panel<PeopleSummary>;
  accounts?: Panel<UsersSummary>;
  audit?: Panel<AuditActivity>;
  risks?: Panel<RiskGlance>;
  controls?: Panel<ControlGlance>;
  soa?: Panel<SoaSummary>;
  /** What the signed-in person has been asked to acknowledge; every role may be asked. */
  pending?: Panel<PendingOut[]>;
}

export const ACTIVITY_DAYS = 7;
export const LATEST_EVENTS = 6;

async function panel<T>(ctx: Ctx, name: string, load: () => Promise<T>): Promise<Panel<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (err) {
    // One failing figure must not take the whole dashboard down; the log keeps the cause.
    ctx.log?.error({ err, panel: name, requestId: ctx.requestId }, 'dashboard panel failed');
    return { ok: false };
  }
}


async function auditActivity(ctx: Ctx, timeZone: string): Promise<AuditActivity> {
  const today = zonedDate(ctx.clock.now(), timeZone);
  const days = Array.from({ length: ACTIVITY_DAYS }, (_, i) => addDays(today, i - (ACTIVITY_DAYS - 1)));
  const base = { order: 'desc' as const, limit: 1, offset: 0 };
  const perDay = await Promise.all(
    days.map(async (date) => {
      const { total } = await listAudit(ctx, { ...base, from: zonedDayStart(date, timeZone), to: zonedDayStart(addDays(date, 1), timeZone) });
      return { date, count: total };
    }),
  );
  const latest = await listAudit(ctx, { ...base, limit: LATEST_EVENTS });
  return { since: days[0]!, total: perDay.reduce((n, d) => n + d.count, 0), perDay, latest: latest.items };
}

/** The dashboard's figures for the signed-in actor; panels the role may not see are absent. */
export async function dashboardData(ctx: Ctx, timeZone: string): Promise<DashboardData> {
  authorize(ctx.actor, 'dashboard.read');
  const role = actorRole(ctx.actor);
  const [people, accounts, audit, risks, controls, soa, pending] = await Promise.all([
    can(role, 'people.read') ? panel(ctx, 'people', () => peopleSummary(ctx)) : undefined,
    can(role, 'users.read') ? panel(ctx, 'accounts', () => usersSummary(ctx)) : undefined,
    can(role, 'audit.read') ? panel(ctx, 'audit', () => auditActivity(ctx, timeZone)) : undefined,
    can(role, 'risks.read') ? panel(ctx, 'risks', () => riskGlance(ctx)) : undefined,
    can(role, 'controls.read') ? panel(ctx, 'controls', () => controlGlance(ctx)) : undefined,
    can(role, 'soa.read') ? panel(ctx, 'soa', () => soaGlance(ctx)) : undefined,
    can(role, 'policies.read') ? panel(ctx, 'pending', () => pendingAcknowledgements(ctx)) : undefined,
  ]);
  const present = { people, accounts, audit, risks, controls, soa, pending };
  return Object.fromEntries(Object.entries(present).filter(([, v]) => v !== undefined)) as DashboardData;
}
