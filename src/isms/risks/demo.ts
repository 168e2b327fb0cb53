// Risks demo data for Esimerkki Payments Oy: the register in demo-data.ts played through the same
// services people use (create, review, treat, accept, close), plus a few months of trend history.
// Idempotent: risks are found by title; a second run writes nothing.
import type { Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { assetSummariesByRefs } from '../assets/service.js';
import { personByEmail } from '../people/service.js';
import { DEMO_RISKS, type DemoRisk } from './demo-data.js';
import { bandOf, type MatrixConfig } from './matrix.js';
import { importTrendHistory } from './overview-service.js';
import { acceptRisk, addReview, addTask } from './plan-service.js';
import { addDays, todayOf } from './rules.js';
import { createRisk, loadMatrix, riskIdsByTitle, updateRisk } from './service.js';

/** Days ago each risk entered the register: spread over five months so the trend has a story. */
const addedDaysAgo = (i: number) => 150 - ((i * 7) % 120);

async function personIds(ctx: Ctx, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of new Set(names)) {
    const p = await personByEmail(ctx, demoEmail(name));
    if (p) out.set(name, p.id);
  }
  return out;
}

async function seedOne(ctx: Ctx, d: DemoRisk, i: number, people: Map<string, string>, assets: Map<string, { id: string }>, matrix: MatrixConfig, today: string): Promise<void> {
  const owner = people.get(d.owner) ?? people.get('Juha Korhonen');
  if (!owner) return;
  const added = addedDaysAgo(i);
  const risk = await createRisk(ctx, {
    title: d.title,
    owner_id: owner,
    threat: d.threat,
    vulnerability: d.vulnerability,
    likelihood: d.l,
    impact: d.i,
    treatment: d.treatment,
    treatment_notes: d.notes ?? null,
    asset_ids: d.assets.flatMap((ref) => (assets.get(ref) ? [assets.get(ref)!.id] : [])),
  });
  // The first assessment, dated when the risk entered the register, before any treatment.
  await addReview(ctx, risk.id, { reviewed_on: addDays(today, -added), note: 'Initial assessment in the risk workshop: inherent risk scored, owner agreed.' });
  if (d.r) await updateRisk(ctx, risk.id, { residual_likelihood: d.r[0], residual_impact: d.r[1] });
  for (const t of d.tasks ?? []) {
    const taskOwner = people.get(t.owner) ?? owner;
    await addTask(ctx, risk.id, { title: t.title, owner_id: taskOwner, due_date: addDays(today, t.due), status: t.status });
  }
  if (d.outcome === 'treating') await updateRisk(ctx, risk.id, { status: 'treating' });
  const ownerName = d.owner;
  if (d.outcome === 'accepted' || d.outcome === 'lapsed') {
    const max = bandOf(matrix, d.r![0] * d.r![1]).max_acceptance_days ?? 30;
    // A lapsed acceptance was decided after the first assessment and ran out two weeks ago.
    const decidedAgo = d.outcome === 'lapsed' ? Math.min(added - 5, max + 15) : Math.min(45, Math.floor(max / 3), added - 1);
    const decided = addDays(today, -decidedAgo);
    await acceptRisk(ctx, risk.id, {
      decided_on: decided,
      expires_on: d.outcome === 'lapsed' ? addDays(today, -15) : addDays(decided, max),
      note: `Accepted by ${ownerName} in the risk review meeting of ${decided}.`,
    });
  }
  if (d.outcome !== 'closed' && d.outcome !== 'lapsed' && i % 5 !== 3) {
    await addReview(ctx, risk.id, { reviewed_on: addDays(today, -Math.min(added - 1, 10 + (i % 25))), note: 'Quarterly review: treatment progress checked with the owner.' });
  }
  if (d.outcome === 'closed') await updateRisk(ctx, risk.id, { status: 'closed' });
}

/**
 * Days before today with the register as the demo's story had it: each risk counted from the day it
 * was added, at its inherent score until half-way to today, then at its current score.
 */
function history(today: string) {
  const days = [];
  for (let ago = 150; ago >= 1; ago -= 3) {
    const scores: Record<string, number> = {};
    const c = { open: 0, treating: 0, accepted: 0, expired: 0, closed: 0 };
    DEMO_RISKS.forEach((d, i) => {
      const added = addedDaysAgo(i);
      if (ago > added) return;
      const treated = ago <= added / 2;
      if (treated && d.outcome === 'closed') {
        c.closed++;
        return;
      }
      const score = treated && d.r ? d.r[0] * d.r[1] : d.l * d.i;
      scores[score] = (scores[score] ?? 0) + 1;
      if (!treated) c.open++;
      else if (d.outcome === 'accepted' || d.outcome === 'lapsed') c.accepted++;
      else c[d.outcome === 'treating' ? 'treating' : 'open']++;
    });
    if (Object.keys(scores).length || c.closed) days.push({ day: addDays(today, -ago), scores: JSON.stringify(scores), ...c });
  }
  return days;
}

/** Seeds the area idempotently; answers counts of what the area now holds, for the demo banner. */
export async function seedRisks(ctx: Ctx): Promise<Record<string, number>> {
  const today = todayOf(ctx.clock);
  const existing = await riskIdsByTitle(ctx, DEMO_RISKS.map((d) => d.title));
  const missing = DEMO_RISKS.map((d, i) => ({ d, i })).filter(({ d }) => !existing.has(d.title));
  if (missing.length) {
    const matrix = await loadMatrix(ctx.db);
    const people = await personIds(ctx, DEMO_RISKS.flatMap((d) => [d.owner, ...(d.tasks ?? []).map((t) => t.owner)]));
    const assets = await assetSummariesByRefs(ctx, [...new Set(DEMO_RISKS.flatMap((d) => d.assets))]);
    for (const { d, i } of missing) await seedOne(ctx, d, i, people, assets, matrix, today);
    // History only with a register seeded now: a later run must not invent days it did not see.
    if (!existing.size) await importTrendHistory(ctx, history(today));
  }
  const after = await riskIdsByTitle(ctx, DEMO_RISKS.map((d) => d.title));
  return { risks: after.size };
}
