// OSCAL use cases: import a catalog (dry run or apply, all or nothing) and export any framework.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';
import { fieldErrors } from '../../core/validation.js';
import { Catalogue } from './catalogue-schema.js';
import { planCatalogue, planCounts, syncCatalogue, type CataloguePlan } from './catalogue-sync.js';
import { jsonShapeProblem, oscalPathOf, oscalToCatalogue, type ConvertedCatalogue } from './oscal-import.js';
import { frameworkToOscal } from './oscal-export.js';
import { OscalCatalogDocument } from './oscal-schema.js';
import * as repo from './repo.js';
import { MSG, type ImportResult } from './schema.js';

// One response lists at most this many problems; the first ones are what a person fixes first.
const MAX_ERRORS = 50;

/** Validates an OSCAL document and converts it, or throws a 400 naming each bad JSON path. */
function convert(doc: unknown, id: string | undefined): { catalogue: Catalogue; conv: ConvertedCatalogue } {
  const shape = jsonShapeProblem(doc);
  if (shape) throw badRequest('The document is too deeply nested or too large to be an OSCAL catalog.', [shape]);
  const parsed = OscalCatalogDocument.safeParse(doc);
  if (!parsed.success) throw badRequest('The document is not an OSCAL 1.1 catalog Kilpi can read; nothing was imported.', fieldErrors(parsed.error).slice(0, MAX_ERRORS));
  const conv = oscalToCatalogue(parsed.data, { id });
  if (conv.catalogue.requirements.length === 0) throw badRequest(MSG.noControls, [{ field: 'catalog', message: MSG.noControls }]);
  const checked = Catalogue.safeParse(conv.catalogue);
  if (!checked.success) {
    throw badRequest(
      'The catalog has values Kilpi cannot keep; nothing was imported.',
      checked.error.issues.slice(0, MAX_ERRORS).map((i) => ({ field: oscalPathOf(i.path, conv), message: i.message })),
    );
  }
  return { catalogue: checked.data, conv };
}

/** Bundled catalogues are ours: an import may not take over their id. */
function refuseBundled(p: CataloguePlan): void {
  if (p.existing && p.existing.origin === 'bundled') {
    throw conflict(`The framework ${p.existing.id} is a bundled catalogue; import under another id.`, [{ field: 'id', message: MSG.bundledId }]);
  }
}

function resultOf(plan: CataloguePlan, conv: ConvertedCatalogue, dryRun: boolean, applied: boolean): ImportResult {
  const c = plan.catalogue;
  const counts = planCounts(plan);
  return {
    dry_run: dryRun,
    applied,
    framework: { id: c.id, name: c.name, version: c.version, exists: plan.existing !== null },
    summary: {
      groups: c.groups.length,
      requirements: c.requirements.length,
      added: counts.added,
      changed: counts.changed,
      restored: counts.restored,
      removed: counts.removed,
      withdrawn: counts.withdrawn,
      // An identical re-import plans nothing: every requirement is unchanged.
      unchanged: plan.unchanged ? c.requirements.length : counts.unchanged,
      skipped: conv.skipped,
    },
    added: plan.added,
    changed: plan.changed,
    restored: plan.restored,
    removed: plan.removed,
    withdrawn: plan.withdrawn,
    warnings: conv.warnings,
  };
}

/**
 * Imports an OSCAL 1.1.x catalog as a framework of origin `oscal`. A dry run reports what would be
 * added, changed and removed; otherwise everything is written in one transaction, or nothing.
 */
export async function importOscal(ctx: Ctx, doc: unknown, opts: { dryRun: boolean; id?: string | undefined }): Promise<ImportResult> {
  authorize(ctx.actor, 'frameworks.manage');
  const { catalogue, conv } = convert(doc, opts.id);
  if (opts.dryRun) {
    const plan = await planCatalogue(ctx, catalogue, 'oscal', ctx.clock.now().toISOString());
    refuseBundled(plan);
    return resultOf(plan, conv, true, false);
  }
  const plan = await syncCatalogue(ctx, catalogue, 'oscal', refuseBundled);
  return resultOf(plan, conv, false, !plan.unchanged);
}

/** The framework as an OSCAL 1.1.3 catalog document. */
export async function exportOscal(ctx: Ctx, frameworkId: string): Promise<Record<string, unknown>> {
  authorize(ctx.actor, 'frameworks.read');
  const framework = frameworkId.length <= 64 && !hasControlChars(frameworkId) ? await repo.findFramework(ctx.db, frameworkId) : undefined;
  if (!framework) throw notFound('The framework');
  const [groups, requirements] = await Promise.all([repo.groupsOf(ctx.db, framework.id), repo.allRequirements(ctx.db, framework.id)]);
  return frameworkToOscal({ framework, groups, requirements });
}
