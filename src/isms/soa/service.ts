// Statement of Applicability use cases: the working SoA (computed from Annex A and the control
// links), editing a row's applicability and justification, and the document the exports render.
// Versioning (prepare, approve, diff) lives in versions.ts and is re-exported here.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { annexAControls, frameworkSummary, ISO27001_ID } from '../frameworks/service.js';
import * as repo from './repo.js';
import { summarise, type SoaSummary } from './rules.js';
import { EntryPatch, type SoaFilter, type SoaOut, type SoaRowOut, type VersionOut } from './schema.js';
import { getVersion } from './versions.js';
import { filterAndSort, present, workingRow, workingRows } from './working.js';

export * from './versions.js';
export { filterAndSort, workingRows, type WorkingRow } from './working.js';

/** Thrown inside a mutation to roll back quietly when the edit would change nothing. */
class NothingChanged extends Error {
  constructor() {
    super('nothing changed');
  }
}

/** The current SoA for the API and the page: the filtered rows and the summary of all rows. */
export async function currentSoa(ctx: Ctx, f: Partial<SoaFilter> = {}): Promise<SoaOut & { summary: SoaSummary }> {
  authorize(ctx.actor, 'soa.read');
  const rows = await workingRows(ctx);
  const framework = rows.length ? await frameworkSummary(ctx, ISO27001_ID) : null;
  const items = filterAndSort(rows, f).map(present);
  return { framework, summary: summarise(rows), items, total: items.length };
}

/** One row of the working SoA by its Annex A identifier. */
export async function soaRow(ctx: Ctx, controlId: string): Promise<SoaRowOut> {
  authorize(ctx.actor, 'soa.read');
  const row = await workingRow(ctx, controlId);
  if (!row) throw notFound('The Annex A control');
  return present(row);
}

const entryFacts = (controlId: string, applicable: boolean, justification: string | null) => ({ control_id: controlId, applicable, justification });

/**
 * Sets a row's applicability and/or justification. Absent fields stay; a write that changes nothing
 * records nothing. Answers the row with its recomputed status and gaps.
 */
export async function updateEntry(ctx: Ctx, controlId: string, patch: EntryPatch): Promise<SoaRowOut> {
  authorize(ctx.actor, 'soa.write');
  const data = parseOrThrow(EntryPatch, patch, 'SoA row');
  const req = (await annexAControls(ctx)).find((r) => r.ref === controlId);
  if (!req) throw notFound('The Annex A control');
  await mutate(ctx, async (m) => {
    const existing = await repo.findEntry(m.tx, req.id);
    const before = { applicable: existing ? existing.applicable === 1 : true, justification: existing?.justification ?? null };
    const after = {
      applicable: data.applicable ?? before.applicable,
      justification: data.justification !== undefined ? data.justification : before.justification,
    };
    const same = after.applicable === before.applicable && after.justification === before.justification;
    // Nothing to write: leave the transaction without an audit event (and so without a commit).
    if (same) throw new NothingChanged();
    await repo.upsertEntry(m.tx, {
      requirement_id: req.id,
      applicable: after.applicable ? 1 : 0,
      justification: after.justification,
      created_at: m.now,
      updated_at: m.now,
    });
    await m.record({
      action: 'soa.update',
      entityType: 'soa_entry',
      entityId: controlId,
      before: existing ? entryFacts(controlId, before.applicable, before.justification) : null,
      after: entryFacts(controlId, after.applicable, after.justification),
    });
  }).catch((e: unknown) => {
    if (!(e instanceof NothingChanged)) throw e;
  });
  return soaRow(ctx, controlId);
}

/** What every export renders: the rows, their summary and where they come from. */
export interface SoaDocument {
  organisation: string;
  timeZone: string;
  /** When the document was made (the export's own time). */
  generatedAt: string;
  framework: { name: string; version: string } | null;
  /** The version exported, or null for the working SoA. */
  version: VersionOut | null;
  rows: SoaRowOut[];
  summary: SoaSummary;
}

/** The working SoA or version `n`, ready to export. */
export async function soaDocument(ctx: Ctx, opts: { version?: number | undefined; organisation: string; timeZone: string }): Promise<SoaDocument> {
  authorize(ctx.actor, 'soa.read');
  const generatedAt = ctx.clock.now().toISOString();
  if (opts.version !== undefined) {
    const v = await getVersion(ctx, opts.version, opts.timeZone);
    const { rows, summary, ...version } = v;
    const framework = v.framework_name ? { name: v.framework_name, version: v.framework_version ?? '' } : null;
    return { organisation: opts.organisation, timeZone: opts.timeZone, generatedAt, framework, version, rows, summary };
  }
  const soa = await currentSoa(ctx);
  const framework = soa.framework ? { name: soa.framework.name, version: soa.framework.version } : null;
  return { organisation: opts.organisation, timeZone: opts.timeZone, generatedAt, framework, version: null, rows: soa.items, summary: soa.summary };
}
