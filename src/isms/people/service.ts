// People directory use cases (filled in by the people work; the dashboard relies on peopleSummary).
import type { Ctx } from '../../core/context.js';

export interface PeopleSummary {
  total: number;
  active: number;
  leaving: number;
  left: number;
  /** Active and leaving people per department, largest first. */
  departments: { name: string; count: number }[];
}

export async function peopleSummary(_ctx: Ctx): Promise<PeopleSummary> {
  throw new Error('not implemented yet');
}
