// SoA demo data for Esimerkki Payments Oy: every Annex A control decided and justified, version 1
// prepared by the CISO and approved by Jussi Heinonen six weeks ago, and a draft version 2 with a few
// changes since. Needs the ISO catalogue (frameworks) and, for real statuses, the demo controls; with
// no catalogue it does nothing. Idempotent: once any version exists, a second run writes nothing.
import { findUserByEmail } from '../../auth/users-repo.js';
import type { Role } from '../../auth/roles.js';
import type { Clock } from '../../core/clock.js';
import type { Actor, Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { annexAControls } from '../frameworks/service.js';
import { DECISIONS, V2_CHANGES, type Decision } from './demo-justifications.js';
import * as repo from './repo.js';
import { approveVersion, listVersions, prepareVersion, updateEntry } from './service.js';

const DAY = 86_400_000;

/** A clock `days` before the context's own, so the demo's history reads as weeks old. */
const daysAgo = (clock: Clock, days: number): Clock => ({ now: () => new Date(clock.now().getTime() - days * DAY) });

async function userActor(ctx: Ctx, name: string, role: Role): Promise<Actor | null> {
  const u = await findUserByEmail(ctx.db, demoEmail(name));
  return u && u.role === role ? { type: 'user', id: u.id, label: u.email, role } : null;
}

async function counts(ctx: Ctx): Promise<Record<string, number>> {
  const versions = await listVersions(ctx, { limit: 1, offset: 0 });
  return { soa_controls: (await annexAControls(ctx)).length, soa_versions: versions.total };
}

async function decide(ctx: Ctx, known: Set<string>, decisions: Record<string, Decision>): Promise<void> {
  for (const [ref, d] of Object.entries(decisions)) {
    if (known.has(ref)) await updateEntry(ctx, ref, { applicable: d.applicable ?? true, justification: d.why });
  }
}

export async function seedSoa(ctx: Ctx): Promise<Record<string, number>> {
  const refs = new Set((await annexAControls(ctx)).map((r) => r.ref));
  if (refs.size === 0 || (await repo.latestVersion(ctx.db))) return counts(ctx);

  const ciso = (await userActor(ctx, 'Juha Korhonen', 'security_officer')) ?? ctx.actor;
  const admin = await userActor(ctx, 'Jussi Heinonen', 'admin');
  const at = (days: number, actor: Actor | null = ciso): Ctx => ({ ...ctx, actor, clock: daysAgo(ctx.clock, days) });

  // Version 1: decided in the autumn review, prepared by the CISO, approved by the Head of IT.
  await decide(at(47), refs, DECISIONS);
  const v1 = await prepareVersion(at(45), { note: 'First Statement of Applicability, from the autumn risk review.' });
  if (admin) await approveVersion(at(42, admin), v1.number, { acknowledge_gaps: v1.gap_count > 0 });

  // Since then: outsourced mobile SDK work, a threat feed, reworded cloud and utilities rows.
  await decide(at(9), refs, V2_CHANGES);
  await prepareVersion(at(2), { note: 'Mobile SDK contractor in scope; threat sharing and DORA register noted.' });
  return counts(ctx);
}
