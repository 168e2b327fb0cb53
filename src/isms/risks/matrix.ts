// The risk matrix as data: levels with labels, score bands with acceptance criteria, and the pure
// rules that read them (score, band, what may be accepted for how long). No database here.
import { z } from 'zod';
import type { FieldError } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';

export const BAND_COLOURS = ['green', 'yellow', 'orange', 'red', 'blue', 'grey'] as const;
export type BandColour = (typeof BAND_COLOURS)[number];

export const MIN_LEVELS = 2;
export const MAX_LEVELS = 10;
export const MAX_BANDS = 6;
/** The longest an acceptance may run under any criteria: three years. */
export const MAX_ACCEPTANCE_DAYS = 1095;

/** Messages of the matrix rules (English is the key; messages.ts translates). */
export const MATRIX_MSG = {
  label: 'Enter a label of at most 60 characters, without control characters.',
  approverText: 'Say who accepts in at most 200 characters, without control characters.',
  bandKey: 'Use a short key of lower-case letters, digits and underscores, starting with a letter.',
  bandKeyTaken: 'Another band already uses this key.',
  firstBand: 'The lowest band must start at score 1.',
  bandOrder: 'Each band must start at a higher score than the band before it.',
  bandUnreachable: 'This band starts above the highest score the matrix can give.',
  acceptablePrefix: 'A band may be acceptable only when every lower band is acceptable too.',
  acceptanceDays: 'An acceptable band needs a longest acceptance from 1 to 1095 days.',
  approver: 'Say who may accept risks in this band.',
  reviewDays: 'Use a review interval from 1 to 1095 days.',
} as const;

const label = z
  .string({ message: MATRIX_MSG.label })
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MATRIX_MSG.label).max(60, MATRIX_MSG.label).refine((s) => !hasControlChars(s), MATRIX_MSG.label));

export const LevelLabel = z.strictObject({ en: label, fi: label });
export type LevelLabel = z.output<typeof LevelLabel>;

const approverText = z
  .string({ message: MATRIX_MSG.approverText })
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MATRIX_MSG.approverText).max(200, MATRIX_MSG.approverText).refine((s) => !hasControlChars(s), MATRIX_MSG.approverText));
const Approver = z.strictObject({ en: approverText, fi: approverText });

const levels = (what: string) =>
  z.array(LevelLabel, { message: `Give the ${what} levels as a list.` }).min(MIN_LEVELS, `The matrix needs at least ${MIN_LEVELS} ${what} levels.`).max(MAX_LEVELS, `The matrix has at most ${MAX_LEVELS} ${what} levels.`);

export const Band = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, MATRIX_MSG.bandKey),
  label: LevelLabel,
  min_score: z.number().int().min(1).max(MAX_LEVELS * MAX_LEVELS).describe('The lowest score (likelihood × impact) in this band'),
  colour: z.enum(BAND_COLOURS),
  acceptable: z.boolean().describe('Whether a residual risk in this band may be accepted at all'),
  max_acceptance_days: z.number().int().nullable().describe('The longest an acceptance in this band may run; null when not acceptable'),
  approver: Approver.nullable().describe('Who may accept risks in this band (shown on the acceptance form and recorded with it)'),
  review_interval_days: z.number().int().min(1, MATRIX_MSG.reviewDays).max(MAX_ACCEPTANCE_DAYS, MATRIX_MSG.reviewDays).describe('How often risks in this band are reviewed; sets the default next review'),
});
export type Band = z.output<typeof Band>;

/** The matrix as configured (PUT /api/v1/risk-matrix). */
export const MatrixConfig = z.strictObject({
  likelihood: levels('likelihood').describe('Level 1 first'),
  impact: levels('impact').describe('Level 1 first'),
  bands: z.array(Band).min(2, 'Define at least two bands.').max(MAX_BANDS, `Define at most ${MAX_BANDS} bands.`).describe('Lowest band first'),
});
export type MatrixConfig = z.output<typeof MatrixConfig>;

/** The stored matrix with its version and derived limits. */
export interface RiskMatrix extends MatrixConfig {
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export const maxScore = (m: MatrixConfig): number => m.likelihood.length * m.impact.length;

/** Rules beyond the shape: bands start at 1, rise, can be reached, and acceptability runs from the bottom up. */
export function matrixErrors(m: MatrixConfig): FieldError[] {
  const errors: FieldError[] = [];
  const top = maxScore(m);
  const keys = new Set<string>();
  m.bands.forEach((b, i) => {
    const at = `bands.${i}`;
    if (keys.has(b.key)) errors.push({ field: `${at}.key`, message: MATRIX_MSG.bandKeyTaken });
    keys.add(b.key);
    if (i === 0 && b.min_score !== 1) errors.push({ field: `${at}.min_score`, message: MATRIX_MSG.firstBand });
    if (i > 0 && b.min_score <= m.bands[i - 1]!.min_score) errors.push({ field: `${at}.min_score`, message: MATRIX_MSG.bandOrder });
    else if (b.min_score > top) errors.push({ field: `${at}.min_score`, message: MATRIX_MSG.bandUnreachable });
    if (b.acceptable) {
      if (i > 0 && !m.bands[i - 1]!.acceptable) errors.push({ field: `${at}.acceptable`, message: MATRIX_MSG.acceptablePrefix });
      if (b.max_acceptance_days === null || b.max_acceptance_days < 1 || b.max_acceptance_days > MAX_ACCEPTANCE_DAYS) {
        errors.push({ field: `${at}.max_acceptance_days`, message: MATRIX_MSG.acceptanceDays });
      }
      if (!b.approver) errors.push({ field: `${at}.approver`, message: MATRIX_MSG.approver });
    }
  });
  return errors;
}

/** A non-acceptable band carries no acceptance limit or approver, whatever was sent. */
export const normaliseMatrix = (m: MatrixConfig): MatrixConfig => ({
  ...m,
  bands: m.bands.map((b) => (b.acceptable ? b : { ...b, max_acceptance_days: null, approver: null })),
});

/** The band a score falls in: the highest band whose start it reaches. */
export function bandOf(m: MatrixConfig, score: number): Band {
  let found = m.bands[0]!;
  for (const b of m.bands) if (score >= b.min_score) found = b;
  return found;
}

/** The scores a band covers, [min, max], within this matrix. */
export function bandRange(m: MatrixConfig, key: string): [number, number] | null {
  const i = m.bands.findIndex((b) => b.key === key);
  if (i < 0) return null;
  const next = m.bands[i + 1];
  return [m.bands[i]!.min_score, next ? next.min_score - 1 : maxScore(m)];
}

/** The highest residual score that may be accepted at all; 0 when no band is acceptable. */
export function highestAcceptableScore(m: MatrixConfig): number {
  let top = 0;
  for (const b of m.bands) if (b.acceptable) top = bandRange(m, b.key)![1];
  return top;
}

export const isLevel = (levelsCount: number, v: number): boolean => Number.isInteger(v) && v >= 1 && v <= levelsCount;

/** Colour of a band as a pill tone (colour plus text, never colour alone). */
export const BAND_TONE: Record<BandColour, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  green: 'ok',
  yellow: 'warn',
  orange: 'warn',
  red: 'bad',
  blue: 'info',
  grey: 'muted',
};

export const labelIn = (l: LevelLabel, locale: 'en' | 'fi'): string => l[locale];
