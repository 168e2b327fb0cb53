// Seeds Esimerkki Payments Oy's scope, context, interested parties and objectives (with a few months
// of measurements), through the area's services. Idempotent: records are found by title or name.
import type { Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { addDays } from '../../web/dates.js';
import { personByEmail } from '../people/service.js';
import { createContextIssue } from './context-service.js';
import { countIssuesByKind, findIssueByTitle } from './context-repo.js';
import { DEMO_ISSUES, DEMO_OBJECTIVES, DEMO_PARTIES, DEMO_SCOPE } from './demo-data.js';
import { createObjective, objectiveStatusCounts, recordMeasurement } from './objectives-service.js';
import { findObjectiveByTitle } from './objectives-repo.js';
import { createParty } from './parties-service.js';
import { findPartyByName, partyCounts } from './parties-repo.js';
import { getScope, saveScope, todayOf } from './service.js';

/** Seeds the area idempotently; answers counts of what the area now holds, for the demo banner. */
export async function seedScope(ctx: Ctx): Promise<Record<string, number>> {
  const today = todayOf(ctx);
  if ((await getScope(ctx)).version === 0) {
    const lastReviewed = addDays(today, -118);
    await saveScope(ctx, { ...DEMO_SCOPE, last_reviewed: lastReviewed, next_review: addDays(lastReviewed, 365) });
  }
  for (const issue of DEMO_ISSUES) {
    if (!(await findIssueByTitle(ctx.db, issue.title))) await createContextIssue(ctx, issue);
  }
  for (const party of DEMO_PARTIES) {
    if (!(await findPartyByName(ctx.db, party.name))) await createParty(ctx, party);
  }
  for (const o of DEMO_OBJECTIVES) {
    if (await findObjectiveByTitle(ctx.db, o.title)) continue;
    const owner = await personByEmail(ctx, demoEmail(o.owner));
    if (!owner) continue;
    const created = await createObjective(ctx, {
      title: o.title,
      description: o.description,
      metric: o.metric,
      unit: o.unit,
      target: o.target,
      direction: o.direction,
      owner_id: owner.id,
      due_date: addDays(today, o.dueInDays),
    });
    // Monthly, the latest a few days ago, so the trend charts have a history from the first start.
    const n = o.values.length;
    for (let i = 0; i < n; i++) {
      await recordMeasurement(ctx, created.id, { value: o.values[i]!, measured_on: addDays(today, -3 - 30 * (n - 1 - i)), note: o.notes?.[i] ?? null });
    }
  }
  const issues = await countIssuesByKind(ctx.db);
  const parties = await partyCounts(ctx.db);
  const statuses = await objectiveStatusCounts(ctx);
  return {
    context_issues: issues.internal + issues.external,
    interested_parties: parties.parties,
    objectives: Object.values(statuses).reduce((a, b) => a + b, 0),
  };
}
