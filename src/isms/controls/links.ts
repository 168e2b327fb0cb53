// Resolving a control's links (requirement keys, risk and asset ids) through the owning areas'
// services, so every unknown one is named in one 400 and nothing is written.
import type { Ctx } from '../../core/context.js';
import type { FieldError } from '../../core/errors.js';
import { requirementKey, requirementSummaries, resolveRequirementKeys } from '../frameworks/service.js';
import { assetSummaries, assetSummariesByRefs } from '../assets/service.js';
import { riskSummaries, riskSummariesByRefs } from '../risks/service.js';
import type { LinkKind } from './repo.js';
import { MSG, type AssetLinkOut, type RequirementLinkOut, type RiskLinkOut } from './schema.js';

/** A field error that also carries the offending value, so a client can show it beside the input. */
export type LinkError = FieldError & { value: string };

/** Link sets after validation: ids to store, with what they are, in the order given. */
export interface ResolvedLinks {
  requirements?: RequirementLinkOut[];
  risks?: RiskLinkOut[];
  assets?: AssetLinkOut[];
}

/** The first occurrence of each value, in input order: a set given twice is the same set. */
export const unique = (xs: string[]): string[] => [...new Set(xs)];

function unknownErrors(field: string, given: string[], known: (v: string) => boolean, message: string, quote: (v: string) => string): LinkError[] {
  const errors: LinkError[] = [];
  const seen = new Set<string>();
  given.forEach((v, i) => {
    if (known(v) || seen.has(v)) return;
    seen.add(v);
    errors.push({ field: `${field}.${i}`, message: `${quote(v)}: ${message}`, value: v });
  });
  return errors;
}

/**
 * Resolves the link sets that are present. Every unknown key or id becomes an error naming it and
 * its position; the caller refuses the whole request when there is any.
 */
export async function resolveLinks(
  ctx: Ctx,
  links: { requirement_keys?: string[] | undefined; risk_ids?: string[] | undefined; asset_ids?: string[] | undefined },
): Promise<{ resolved: ResolvedLinks; errors: LinkError[] }> {
  const resolved: ResolvedLinks = {};
  const errors: LinkError[] = [];
  if (links.requirement_keys) {
    const keys = links.requirement_keys;
    const { found } = await resolveRequirementKeys(ctx, unique(keys));
    errors.push(...unknownErrors('requirement_keys', keys, (k) => found.has(k), MSG.unknownRequirement, (k) => k));
    resolved.requirements = unique(keys).flatMap((k) => {
      const r = found.get(k);
      return r ? [{ id: r.id, key: k, framework_id: r.framework_id, ref: r.ref, title: r.title }] : [];
    });
  }
  if (links.risk_ids) {
    const ids = links.risk_ids;
    const found = await riskSummaries(ctx, unique(ids));
    errors.push(...unknownErrors('risk_ids', ids, (id) => found.has(id), MSG.unknownRisk, (id) => id));
    resolved.risks = unique(ids).flatMap((id) => found.get(id) ?? []);
  }
  if (links.asset_ids) {
    const ids = links.asset_ids;
    const found = await assetSummaries(ctx, unique(ids));
    errors.push(...unknownErrors('asset_ids', ids, (id) => found.has(id), MSG.unknownAsset, (id) => id));
    resolved.assets = unique(ids).flatMap((id) => found.get(id) ?? []);
  }
  return { resolved, errors };
}

/** What risk and asset references (R-001, AST-001) typed into a form stand for; unknown ones listed. */
export async function resolveRefs(ctx: Ctx, kind: 'risks' | 'assets', refs: string[]): Promise<{ found: (RiskLinkOut | AssetLinkOut)[]; unknown: string[] }> {
  const wanted = unique(refs);
  const map: Map<string, RiskLinkOut | AssetLinkOut> = kind === 'risks' ? await riskSummariesByRefs(ctx, wanted) : await assetSummariesByRefs(ctx, wanted);
  return { found: wanted.flatMap((r) => map.get(r) ?? []), unknown: wanted.filter((r) => !map.has(r)) };
}

/** The stored links of one kind, presented: requirements by framework and catalogue order, the rest by ref. */
export async function presentLinks(ctx: Ctx, kind: LinkKind, ids: string[]): Promise<RequirementLinkOut[] | RiskLinkOut[] | AssetLinkOut[]> {
  if (kind === 'requirements') {
    const map = await requirementSummaries(ctx, ids);
    return [...map.values()]
      .sort((a, b) => a.framework_id.localeCompare(b.framework_id) || a.sort_order - b.sort_order || a.ref.localeCompare(b.ref))
      .map((r) => ({ id: r.id, key: requirementKey(r.framework_id, r.ref), framework_id: r.framework_id, ref: r.ref, title: r.title }));
  }
  const map = kind === 'risks' ? await riskSummaries(ctx, ids) : await assetSummaries(ctx, ids);
  return [...map.values()].sort((a, b) => a.ref.length - b.ref.length || a.ref.localeCompare(b.ref)) as RiskLinkOut[] | AssetLinkOut[];
}

/** How a link set appears in the audit trail: the human references, so the history reads well. */
export const linkLabels = (kind: LinkKind, links: (RequirementLinkOut | RiskLinkOut | AssetLinkOut)[]): string[] =>
  links.map((l) => (kind === 'requirements' ? (l as RequirementLinkOut).key : (l as RiskLinkOut).ref)).sort();
