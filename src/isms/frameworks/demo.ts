// Frameworks in the demo: nothing to seed (the bundled catalogues load at every boot), only counts
// for the demo banner. Licensed text is never seeded: it must come from the organisation's own copy.
import { systemActor, type Ctx } from '../../core/context.js';
import { listFrameworks } from './service.js';

/** Answers how many catalogues and current requirements are loaded; writes nothing, so it is idempotent. */
export async function seedFrameworks(ctx: Ctx): Promise<Record<string, number>> {
  const items = await listFrameworks({ ...ctx, actor: ctx.actor ?? systemActor('demo') });
  return { frameworks: items.length, requirements: items.reduce((n, f) => n + f.requirements, 0) };
}
