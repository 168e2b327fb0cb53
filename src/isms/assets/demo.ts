// Assets demo data for Esimerkki Payments Oy (being built).
import type { Ctx } from '../../core/context.js';

/** Seeds the area idempotently; answers counts of what the area now holds, for the demo banner. */
export async function seedAssets(_ctx: Ctx): Promise<Record<string, number>> {
  return {};
}
