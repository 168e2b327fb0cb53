// Controls demo data for Esimerkki Payments Oy: 120 controls at the four levels, mapped to ISO 27001
// Annex A, DORA, GDPR and PCI DSS, owned by demo people, linked to demo assets, with review history.
import { systemActor, type Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { addDays } from '../../web/dates.js';
import { assetSummariesByRefs } from '../assets/service.js';
import { resolveRequirementKeys } from '../frameworks/service.js';
import { personByEmail } from '../people/service.js';
import { riskIdsByTitle } from '../risks/service.js';
import { DEMO_RISK_LINKS } from './demo/risk-links.js';
import { INSTRUCTIONS } from './demo/instructions.js';
import { PRACTICES } from './demo/practices.js';
import { PRINCIPLES } from './demo/principles.js';
import { TECHNICAL } from './demo/technical.js';
import type { DemoControl } from './demo/types.js';
import * as repo from './repo.js';
import { todayOf } from './rules.js';
import { createControls } from './service.js';

export const DEMO_CONTROLS: DemoControl[] = [...PRINCIPLES, ...PRACTICES, ...INSTRUCTIONS, ...TECHNICAL];

const FRAMEWORK_OF: Record<string, string> = { iso: 'iso27001-2022', dora: 'dora', gdpr: 'gdpr', pci: 'pci-dss-4.0.1' };

/** `iso:A.8.13` → `iso27001-2022:A.8.13`. */
export function demoKey(short: string): string {
  const i = short.indexOf(':');
  const fw = FRAMEWORK_OF[short.slice(0, i)];
  if (!fw) throw new Error(`demo control key ${short} names no known framework`);
  return `${fw}:${short.slice(i + 1)}`;
}

/** Every requirement key the demo links to; after the catalogues load, each should resolve. */
export const DEMO_REQUIREMENT_KEYS: string[] = [...new Set(DEMO_CONTROLS.flatMap((c) => c.k.map(demoKey)))].sort();

/** Every asset reference the demo links to (the assets demo creates AST-001 … AST-020). */
export const DEMO_ASSET_REFS: string[] = [...new Set(DEMO_CONTROLS.flatMap((c) => c.a ?? []))].sort();

/**
 * When each control was last reviewed, as a share of its interval before today: most are on track,
 * about one in six falls due within a month and one in twelve is overdue, as in a living ISMS.
 */
const REVIEWED_AGO = [0.15, 0.4, 0.65, 0.93, 0.3, 0.55, 1.06, 0.8, 0.2, 0.97, 0.5, 0.7];
const NOTES = [
  'Annual review: the control still matches how we work.',
  'Checked against last quarter’s evidence; no changes needed.',
  'Reviewed with the team; the description was updated.',
  'The owner confirmed the control operates as described.',
];

/**
 * Seeds the controls idempotently (a control whose title exists is left alone) and answers what the
 * area holds, for the demo banner. Requirement keys and asset references that are not loaded are
 * skipped, as are demo risks not seeded (risks are linked by title, see demo/risk-links.ts).
 */
export async function seedControls(ctx: Ctx): Promise<Record<string, number>> {
  const c: Ctx = { ...ctx, actor: ctx.actor ?? systemActor('demo') };
  const { found: requirements } = await resolveRequirementKeys(c, DEMO_REQUIREMENT_KEYS);
  const assets = await assetSummariesByRefs(c, DEMO_ASSET_REFS);
  const risks = await riskIdsByTitle(c, Object.values(DEMO_RISK_LINKS).flat());
  const owners = new Map<string, string | null>();
  const ownerId = async (name: string) => {
    if (!owners.has(name)) owners.set(name, (await personByEmail(c, demoEmail(name)))?.id ?? null);
    return owners.get(name)!;
  };
  const today = todayOf(c.clock);
  const missing: Parameters<typeof createControls>[1] = [];
  for (const [index, d] of DEMO_CONTROLS.entries()) {
    if ((await repo.controlIdsByTitle(c.db, d.t)).length) continue;
    const owner = await ownerId(d.o);
    const reviewed = owner && (d.s === 'implemented' || d.s === 'in_progress');
    missing.push({
      control: {
        title: d.t,
        description: d.d,
        level: d.l,
        status: d.s,
        owner_id: owner,
        review_interval_days: d.i,
        requirement_keys: d.k.map(demoKey).filter((k) => requirements.has(k)),
        asset_ids: (d.a ?? []).flatMap((ref) => assets.get(ref)?.id ?? []),
        risk_ids: (DEMO_RISK_LINKS[d.t] ?? []).flatMap((title) => risks.get(title) ?? []),
      },
      ...(reviewed
        ? { review: { reviewer_id: owner, reviewed_on: addDays(today, -Math.round(d.i * REVIEWED_AGO[index % REVIEWED_AGO.length]!)), note: NOTES[index % NOTES.length]! } }
        : {}),
    });
  }
  // One transaction for the lot: quick, and a failure leaves no half-seeded catalogue.
  if (missing.length) await createControls(c, missing);
  const n = await repo.countRows(c.db);
  return { controls: n.controls, control_links: n.links, control_reviews: n.reviews };
}
