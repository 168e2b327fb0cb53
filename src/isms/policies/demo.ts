// Policies demo data for Esimerkki Payments Oy: the eight template policies, drafted by the CISO and
// approved and published by the admin (Jussi Heinonen) over the past year, one new draft in progress,
// a campaign for the information security policy that is two thirds done, and one overdue campaign.
// The history plays out on a clock set back to each step's day, so review dates and campaign states
// look lived-in; the audit trail shows those days. Acknowledgements by people without accounts are
// recorded by the system in one go, each with the day it was given. Idempotent: a policy whose
// title exists is skipped.
import { findUserByEmail } from '../../auth/users-repo.js';
import type { Role } from '../../auth/roles.js';
import { systemActor, type Actor, type Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { personByEmail, peopleNotLeft } from '../people/service.js';
import { recordAcknowledgementsFor, startCampaign } from './campaigns.js';
import { approveVersion, createDraft, createPolicy, listPolicies, publishVersion, readVersion } from './service.js';
import { findTemplate } from './templates.js';

const ORGANISATION = 'Esimerkki Payments Oy';
const DAY = 86_400_000;

interface DemoPolicy {
  template: string;
  owner: string;
  /** Days before today the first version was published. */
  publishedDaysAgo: number;
}

const POLICIES: DemoPolicy[] = [
  { template: 'information-security', owner: 'Juha Korhonen', publishedDaysAgo: 400 },
  { template: 'access-control', owner: 'Jussi Heinonen', publishedDaysAgo: 200 },
  // Published 350 days ago with a 12-month interval: its review is due in about two weeks.
  { template: 'cryptography', owner: 'Tuomas Rantanen', publishedDaysAgo: 350 },
  // Published 385 days ago: its review is overdue.
  { template: 'backup', owner: 'Matti Kinnunen', publishedDaysAgo: 385 },
  { template: 'incident-response', owner: 'Juha Korhonen', publishedDaysAgo: 150 },
  { template: 'change-management', owner: 'Mikko Nieminen', publishedDaysAgo: 240 },
  { template: 'supplier-security', owner: 'Satu Savolainen', publishedDaysAgo: 120 },
  { template: 'acceptable-use', owner: 'Sanna Mäkelä', publishedDaysAgo: 90 },
];

const ISP_V2_ADDITION = `7. **Operational resilience.** We plan, test and improve our ability to keep payment services
   running through ICT disruptions and to recover from them, including scenario-based tests
   of our business continuity and response plans at least once a year.
`;

const ACCESS_V2 = (body: string) =>
  body.replace(
    'System owners review user access every six months and privileged access\n   every three months.',
    'System owners review user access every six months. Privileged access and all\n   access to production systems is reviewed every three months.',
  );

/** A context acting as `actor` on a clock standing at `daysAgo` days before now, at `hour` o'clock UTC. */
function at(ctx: Ctx, actor: Actor, daysAgo: number, hour = 9): Ctx {
  const today = ctx.clock.now();
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - daysAgo * DAY;
  const instant = new Date(day + hour * 3_600_000);
  return { ...ctx, actor, clock: { now: () => new Date(instant) } };
}

async function userActor(ctx: Ctx, name: string, role: Role): Promise<Actor> {
  const email = demoEmail(name);
  const user = await findUserByEmail(ctx.db, email);
  return user ? { type: 'user', id: user.id, label: user.email, role } : systemActor('demo');
}

async function existingTitles(ctx: Ctx): Promise<Set<string>> {
  const { items } = await listPolicies(ctx, { sort: 'ref', dir: 'asc', limit: 500, offset: 0 });
  return new Set(items.map((p) => p.title));
}

/** Seeds the area idempotently; answers counts of what the area now holds, for the demo banner. */
export async function seedPolicies(ctx: Ctx): Promise<Record<string, number>> {
  const system: Ctx = { ...ctx, actor: ctx.actor ?? systemActor('demo') };
  const ciso = await userActor(system, 'Juha Korhonen', 'security_officer');
  const admin = await userActor(system, 'Jussi Heinonen', 'admin');
  const titles = await existingTitles(system);
  const created = new Map<string, string>();

  for (const p of POLICIES) {
    const template = findTemplate(p.template)!;
    if (titles.has(template.title)) continue;
    const owner = await personByEmail(system, demoEmail(p.owner));
    if (!owner) continue;
    const d = p.publishedDaysAgo;
    const policy = await createPolicy(at(system, ciso, d + 14), { template: p.template, owner_id: owner.id, change_summary: 'First version' }, { organisation: ORGANISATION });
    await approveVersion(at(system, admin, d + 2, 13), policy.id, 1);
    await publishVersion(at(system, admin, d, 8), policy.id, 1);
    created.set(p.template, policy.id);
  }

  const isp = created.get('information-security');
  if (isp) {
    const v1 = (await readVersion(system, isp, 1)).version.body;
    const body = v1.replace('\n## Compliance and exceptions', `${ISP_V2_ADDITION}\n## Compliance and exceptions`);
    await createDraft(at(system, ciso, 35), isp, { body, change_summary: 'Operational resilience principle added for DORA' });
    await approveVersion(at(system, admin, 23, 12), isp, 2);
    await publishVersion(at(system, admin, 21, 8), isp, 2);
    await campaignWithAcks(system, ciso, isp, { daysAgo: 14, dueInDays: 16, audience: 'all', share: 2 / 3 });
  }

  const access = created.get('access-control');
  if (access) {
    const body = ACCESS_V2((await readVersion(system, access, 1)).version.body);
    await createDraft(at(system, ciso, 3, 10), access, { body, change_summary: 'Quarterly reviews for all production access' });
  }

  const aup = created.get('acceptable-use');
  if (aup) await campaignWithAcks(system, ciso, aup, { daysAgo: 60, dueInDays: -30, audience: 'department', department: 'Engineering', share: 0.6 });

  const { total } = await listPolicies(system, { sort: 'ref', dir: 'asc', limit: 1, offset: 0 });
  return { policies: total };
}

interface CampaignPlan {
  daysAgo: number;
  /** Days from today to the due date; negative for a campaign already overdue. */
  dueInDays: number;
  audience: 'all' | 'department';
  department?: string;
  /** The share of people who have acknowledged by now. */
  share: number;
}

/**
 * Starts a campaign in the past and records acknowledgements for a share of the people asked,
 * spread over the days since. The demo's staff sign-in (Heidi Ahonen) is left pending, so her
 * page shows what waits for her.
 */
async function campaignWithAcks(system: Ctx, by: Actor, policyId: string, plan: CampaignPlan): Promise<void> {
  const started = at(system, by, plan.daysAgo, 10);
  const dueDate = new Date(system.clock.now().getTime() + plan.dueInDays * DAY).toISOString().slice(0, 10);
  await startCampaign(started, policyId, { audience: plan.audience, ...(plan.department ? { department: plan.department } : {}), due_date: dueDate });
  const asked = (await peopleNotLeft(system, plan.department ?? null)).filter((p) => p.email !== demoEmail('Heidi Ahonen'));
  // Spread evenly over the list: person i acknowledges when the running share steps up.
  const acknowledging = asked.filter((_, i) => Math.floor((i + 1) * plan.share) > Math.floor(i * plan.share));
  // Acknowledgements fall between the day after the start and a few days before the due date (or yesterday).
  const first = plan.daysAgo - 1;
  const last = plan.dueInDays < 0 ? -plan.dueInDays + 3 : 1;
  const entries = acknowledging.map((person, i) => ({ personId: person.id, at: at(system, by, first - (i % Math.max(1, first - last + 1)), 7 + (i % 10)).clock.now().toISOString() }));
  // One transaction for all of them: the seeding records, at one moment, acknowledgements given on their own days.
  await recordAcknowledgementsFor(system, policyId, entries);
}
