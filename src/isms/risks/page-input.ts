// Turns posted form fields into the service's inputs: numbers where the form sends digits, asset
// refs into ids, the matrix form's rows into its configuration. The service validates the rest.
import type { Ctx } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { assetSummariesByRefs } from '../assets/service.js';
import type { FormValues } from './form-view.js';
import { MAX_BANDS, MAX_LEVELS } from './matrix.js';
import type { NewRiskInput, RiskPatch } from './schema.js';

/** Refs in a free-text list ("AST-001, AST-003"), each named in one error when unknown. */
export const ASSET_REFS_MSG = 'No asset with this reference is in the inventory:';

async function assetIdsOf(ctx: Ctx, text: string): Promise<string[]> {
  const refs = [...new Set(text.split(/[\s,;]+/).map((r) => r.trim().toUpperCase()).filter(Boolean))].slice(0, 200);
  if (!refs.length) return [];
  const found = await assetSummariesByRefs(ctx, refs);
  const missing = refs.filter((r) => !found.has(r));
  if (missing.length) throw badRequest('The risk has invalid fields.', [{ field: 'assets', message: `${ASSET_REFS_MSG} ${missing.join(', ')}` }]);
  return refs.map((r) => found.get(r)!.id);
}

/** Digits become a number; blank becomes `blank`; anything else stays text for the schema to refuse. */
const num = <B>(v: string, blank: B): number | string | B => (v.trim() === '' ? blank : /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : v);

export async function riskInputOf(ctx: Ctx, v: FormValues): Promise<NewRiskInput> {
  // Raw values on purpose: the service validates every field and reports each one.
  return {
    title: v.title,
    description: v.description,
    owner_id: v.owner_id,
    threat: v.threat,
    vulnerability: v.vulnerability,
    likelihood: num(v.likelihood, undefined),
    impact: num(v.impact, undefined),
    treatment: v.treatment === '' ? null : v.treatment,
    treatment_notes: v.treatment_notes,
    residual_likelihood: num(v.residual_likelihood, null),
    residual_impact: num(v.residual_impact, null),
    asset_ids: await assetIdsOf(ctx, v.assets),
    next_review: v.next_review === '' ? null : v.next_review,
  } as unknown as NewRiskInput;
}

export async function patchOf(ctx: Ctx, v: FormValues): Promise<RiskPatch> {
  const { likelihood, impact, ...rest } = (await riskInputOf(ctx, v)) as unknown as Record<string, unknown>;
  return { ...rest, likelihood: likelihood ?? null, impact: impact ?? null, ...(v.status ? { status: v.status } : {}) } as unknown as RiskPatch;
}

/** The matrix form's rows as a configuration: blank trailing rows are dropped, so clearing a row removes it. */
export function matrixInput(v: Record<string, string>): unknown {
  const levels = (axis: string) =>
    Array.from({ length: MAX_LEVELS }, (_, i) => ({ en: v[`${axis}.${i}.en`] ?? '', fi: v[`${axis}.${i}.fi`] ?? '' })).filter((l) => l.en.trim() !== '' || l.fi.trim() !== '');
  const bands = Array.from({ length: MAX_BANDS }, (_, i) => {
    const f = (k: string) => v[`bands.${i}.${k}`] ?? '';
    if (['key', 'label.en', 'label.fi', 'min_score'].every((k) => f(k).trim() === '')) return null;
    const approver = f('approver.en').trim() || f('approver.fi').trim() ? { en: f('approver.en'), fi: f('approver.fi') } : null;
    return {
      key: f('key').trim(),
      label: { en: f('label.en'), fi: f('label.fi') },
      min_score: num(f('min_score'), ''),
      colour: f('colour') || 'grey',
      acceptable: f('acceptable') === 'on',
      max_acceptance_days: num(f('max_acceptance_days'), null),
      approver,
      review_interval_days: num(f('review_interval_days'), ''),
    };
  }).filter((b) => b !== null);
  return { likelihood: levels('likelihood'), impact: levels('impact'), bands };
}
