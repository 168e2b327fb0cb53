// Reading and configuring the risk matrix: a change that would strand existing risks is refused,
// naming them; every accepted change is versioned and audited.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { AppError, badRequest, type FieldError } from '../../core/errors.js';
import { parseOrThrow } from '../../core/validation.js';
import { mutateUnlessUnchanged, Unchanged } from '../people/service.js';
import { highestAcceptableScore, MatrixConfig, matrixErrors, maxScore, normaliseMatrix, type RiskMatrix } from './matrix.js';
import * as repo from './repo.js';
import { loadMatrix } from './service.js';

/** A risk that a proposed matrix would leave without a level: which field and which value. */
export interface StrandedRisk {
  id: string;
  ref: string;
  field: 'likelihood' | 'impact' | 'residual_likelihood' | 'residual_impact';
  value: number;
}

/** Refusal of a matrix change that existing risks would fall outside of; `risks` names them. */
export class OutsideMatrixError extends AppError {
  constructor(readonly risks: StrandedRisk[]) {
    const refs = [...new Set(risks.map((r) => r.ref))];
    const shown = refs.slice(0, 20).join(', ') + (refs.length > 20 ? ` and ${refs.length - 20} more` : '');
    const errors: FieldError[] = (['likelihood', 'impact'] as const).flatMap((axis) => {
      const hit = risks.filter((r) => r.field === axis || r.field === `residual_${axis}`);
      if (!hit.length) return [];
      const list = hit.slice(0, 20).map((r) => `${r.ref} (${r.field} ${r.value})`).join(', ');
      return [{ field: axis, message: `Risks scored beyond the new ${axis} levels: ${list}${hit.length > 20 ? ` and ${hit.length - 20} more` : ''}. Rescore them first.` }];
    });
    super(409, 'conflict', 'Conflict', `The new matrix would leave ${refs.length} risk(s) outside it: ${shown}. Rescore them first.`, errors);
  }
}

export interface MatrixOut extends RiskMatrix {
  max_score: number;
  highest_acceptable_score: number;
}

export const presentMatrix = (m: RiskMatrix): MatrixOut => ({ ...m, max_score: maxScore(m), highest_acceptable_score: highestAcceptableScore(m) });

export async function getMatrix(ctx: Ctx): Promise<MatrixOut> {
  authorize(ctx.actor, 'risks.read');
  return presentMatrix(await loadMatrix(ctx.db));
}

const configOf = (m: RiskMatrix) => ({ likelihood: m.likelihood, impact: m.impact, bands: m.bands });

/** The risks a matrix of these dimensions would strand. */
export async function strandedRisks(ctx: Ctx, likelihoodLevels: number, impactLevels: number): Promise<StrandedRisk[]> {
  const rows = await repo.risksBeyond(ctx.db, likelihoodLevels, impactLevels);
  return rows.flatMap((r) => {
    const out: StrandedRisk[] = [];
    const check = (field: StrandedRisk['field'], v: number | null, max: number) => {
      if (v !== null && Number(v) > max) out.push({ id: r.id, ref: r.ref, field, value: Number(v) });
    };
    check('likelihood', r.likelihood, likelihoodLevels);
    check('impact', r.impact, impactLevels);
    check('residual_likelihood', r.residual_likelihood, likelihoodLevels);
    check('residual_impact', r.residual_impact, impactLevels);
    return out;
  });
}

/** Replaces the matrix. Bands re-apply to every score at once; levels may shrink only past unused ones. */
export async function configureMatrix(ctx: Ctx, input: unknown): Promise<MatrixOut> {
  authorize(ctx.actor, 'risks.configure');
  const config = normaliseMatrix(parseOrThrow(MatrixConfig, input, 'matrix'));
  const errors = matrixErrors(config);
  if (errors.length) throw badRequest('The matrix has invalid fields.', errors);
  const out = await mutateUnlessUnchanged(ctx, async (m) => {
    const current = await loadMatrix(m.tx);
    if (JSON.stringify(configOf(current)) === JSON.stringify(config)) return new Unchanged(presentMatrix(current));
    const stranded = await strandedRisks({ ...ctx, db: m.tx }, config.likelihood.length, config.impact.length);
    if (stranded.length) throw new OutsideMatrixError(stranded);
    const version = current.version + 1;
    await repo.writeMatrix(m.tx, version, JSON.stringify(config), m.now, m.actor.label);
    await m.record({
      action: 'risk_matrix.configure',
      entityType: 'risk_matrix',
      entityId: 'current',
      before: { version: current.version, ...configOf(current) },
      after: { version, ...config },
    });
    return presentMatrix({ ...config, version, updated_at: m.now, updated_by: m.actor.label });
  });
  return out;
}
