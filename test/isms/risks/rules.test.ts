// The register's pure rules: the matrix (bands, ranges, what may be accepted), status transitions and
// the states derived from dates (task due, acceptance, review).
import { describe, expect, it } from 'vitest';
import { bandOf, bandRange, highestAcceptableScore, matrixErrors, maxScore, normaliseMatrix, type MatrixConfig } from '../../../src/isms/risks/matrix.js';
import { acceptanceState, canMove, reviewState, shownStatus, taskDueState } from '../../../src/isms/risks/rules.js';

const level = (n: number) => ({ en: `L${n}`, fi: `T${n}` });
const band = (key: string, min: number, acceptable: boolean, days: number | null = acceptable ? 90 : null) => ({
  key,
  label: { en: key, fi: key },
  min_score: min,
  colour: 'green' as const,
  acceptable,
  max_acceptance_days: days,
  approver: acceptable ? { en: 'Owner', fi: 'Omistaja' } : null,
  review_interval_days: 90,
});
const matrix = (bands = [band('low', 1, true, 365), band('medium', 5, true, 180), band('high', 10, true, 90), band('critical', 17, false)]): MatrixConfig => ({
  likelihood: [1, 2, 3, 4, 5].map(level),
  impact: [1, 2, 3, 4, 5].map(level),
  bands,
});

describe('the risk matrix', () => {
  it('puts each score in the highest band it reaches', () => {
    const m = matrix();
    expect(maxScore(m)).toBe(25);
    expect([1, 4, 5, 9, 10, 16, 17, 20, 25].map((s) => bandOf(m, s).key)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical', 'critical']);
    expect(bandRange(m, 'medium')).toEqual([5, 9]);
    expect(bandRange(m, 'critical')).toEqual([17, 25]);
    expect(bandRange(m, 'nope')).toBeNull();
  });

  it('knows the highest residual score that may be accepted', () => {
    expect(highestAcceptableScore(matrix())).toBe(16);
    expect(highestAcceptableScore(matrix([band('low', 1, false), band('high', 10, false)]))).toBe(0);
  });

  it('accepts the default shape and names every broken rule', () => {
    expect(matrixErrors(matrix())).toEqual([]);
    const broken = matrix([band('low', 2, true), band('low', 2, false), band('high', 30, true, null)]);
    expect(matrixErrors(broken).map((e) => e.field)).toEqual(['bands.0.min_score', 'bands.1.key', 'bands.1.min_score', 'bands.2.min_score', 'bands.2.acceptable', 'bands.2.max_acceptance_days']);
    const noApprover = matrix([band('low', 1, true), { ...band('high', 10, true), approver: null }]);
    expect(matrixErrors(noApprover).map((e) => e.field)).toEqual(['bands.1.approver']);
    const tooLong = matrix([band('low', 1, true, 2000), band('high', 10, false)]);
    expect(matrixErrors(tooLong).map((e) => e.field)).toEqual(['bands.0.max_acceptance_days']);
  });

  it('drops acceptance limits from bands that cannot be accepted', () => {
    const m = normaliseMatrix(matrix([band('low', 1, true), { ...band('high', 10, false), max_acceptance_days: 10, approver: { en: 'x', fi: 'x' } }]));
    expect(m.bands[1]).toMatchObject({ max_acceptance_days: null, approver: null });
  });
});

describe('status transitions', () => {
  it('allows the sensible moves and nothing else', () => {
    expect(canMove('open', 'treating')).toBe(true);
    expect(canMove('open', 'closed')).toBe(true);
    expect(canMove('treating', 'open')).toBe(true);
    expect(canMove('accepted', 'treating')).toBe(true);
    expect(canMove('closed', 'open')).toBe(true);
    expect(canMove('closed', 'treating')).toBe(false);
    expect(canMove('closed', 'accepted')).toBe(false);
    expect(canMove('open', 'accepted')).toBe(false);
    expect(canMove('open', 'open')).toBe(true);
  });
});

describe('states from dates', () => {
  const today = '2026-11-25';
  it('tells a task overdue the day after its due date and due soon within two weeks', () => {
    expect(taskDueState({ status: 'open', due_date: '2026-11-24' }, today)).toBe('overdue');
    expect(taskDueState({ status: 'in_progress', due_date: '2026-11-25' }, today)).toBe('due_soon');
    expect(taskDueState({ status: 'open', due_date: '2026-12-09' }, today)).toBe('due_soon');
    expect(taskDueState({ status: 'open', due_date: '2026-12-10' }, today)).toBe('on_track');
    expect(taskDueState({ status: 'done', due_date: '2020-01-01' }, today)).toBe('done');
    expect(taskDueState({ status: 'cancelled', due_date: '2020-01-01' }, today)).toBe('cancelled');
  });

  it('holds an acceptance through its expiry day and lapses it the day after', () => {
    expect(acceptanceState('2026-11-25', today)).toBe('expiring');
    expect(acceptanceState('2026-11-24', today)).toBe('expired');
    expect(acceptanceState('2026-12-25', today)).toBe('expiring');
    expect(acceptanceState('2026-12-26', today)).toBe('valid');
    expect(shownStatus('accepted', '2026-11-24', today)).toBe('acceptance_expired');
    expect(shownStatus('accepted', '2026-11-25', today)).toBe('accepted');
    expect(shownStatus('treating', null, today)).toBe('treating');
  });

  it('puts a risk whose acceptance lapsed back to review, even before its next review date', () => {
    expect(reviewState({ status: 'accepted', next_review: '2027-03-01', acceptance_expires: '2026-11-20' }, today)).toEqual({ state: 'overdue', due: '2026-11-21', basis: 'acceptance_expired' });
    expect(reviewState({ status: 'accepted', next_review: '2026-11-01', acceptance_expires: '2026-11-20' }, today)).toEqual({ state: 'overdue', due: '2026-11-01', basis: 'next_review' });
    expect(reviewState({ status: 'open', next_review: '2026-12-01', acceptance_expires: null }, today)).toEqual({ state: 'due_soon', due: '2026-12-01', basis: 'next_review' });
    expect(reviewState({ status: 'open', next_review: '2027-12-01', acceptance_expires: null }, today).state).toBe('scheduled');
    expect(reviewState({ status: 'open', next_review: null, acceptance_expires: null }, today).state).toBe('none');
    expect(reviewState({ status: 'closed', next_review: '2020-01-01', acceptance_expires: null }, today).state).toBe('none');
  });
});
