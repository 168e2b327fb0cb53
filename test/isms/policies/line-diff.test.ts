// The line diff between policy versions, and the derived dates and states the pages show.
import { describe, expect, it } from 'vitest';
import { foldUnchanged, lineDiff, splitLines } from '../../../src/isms/policies/line-diff.js';
import { addMonths, campaignState, countStates, memberState, nextReminderFrom, reviewState } from '../../../src/isms/policies/rules.js';

/** The diff in a compact notation: ' x' same, '+x' added, '-x' removed. */
const compact = (a: string, b: string) => lineDiff(a, b).lines.map((l) => `${l.op === 'same' ? ' ' : l.op === 'add' ? '+' : '-'}${l.text}`);

describe('lineDiff', () => {
  it('reports nothing changed for equal texts, whatever their line ends', () => {
    const d = lineDiff('a\nb\n', 'a\r\nb');
    expect(d.added + d.removed).toBe(0);
    expect(d.lines.map((l) => l.op)).toEqual(['same', 'same']);
  });

  it('finds an inserted, a removed and a changed line with their line numbers', () => {
    expect(compact('a\nb\nc\nd', 'a\nx\nc\nd\ne')).toEqual([' a', '-b', '+x', ' c', ' d', '+e']);
    const d = lineDiff('a\nb\nc', 'a\nc');
    expect(d.lines).toEqual([
      { op: 'same', text: 'a', old_no: 1, new_no: 1 },
      { op: 'del', text: 'b', old_no: 2, new_no: null },
      { op: 'same', text: 'c', old_no: 3, new_no: 2 },
    ]);
    expect(d.removed).toBe(1);
  });

  it('aligns on the longest common subsequence, not just the first match', () => {
    expect(compact('x\na\nb\nc', 'a\nb\nc\nx')).toEqual(['-x', ' a', ' b', ' c', '+x']);
    expect(compact('', 'one\ntwo')).toEqual(['+one', '+two']);
    expect(compact('one\ntwo', '')).toEqual(['-one', '-two']);
  });

  it('keeps line numbers right in the unchanged tail after a change', () => {
    const d = lineDiff('h\na\nt1\nt2', 'h\nb\nc\nt1\nt2');
    const tail = d.lines.filter((l) => l.text.startsWith('t'));
    expect(tail).toEqual([
      { op: 'same', text: 't1', old_no: 3, new_no: 4 },
      { op: 'same', text: 't2', old_no: 4, new_no: 5 },
    ]);
  });

  it('falls back to removed-then-added for texts too far apart, and says so', () => {
    const a = Array.from({ length: 300 }, (_, i) => `old ${i}`).join('\n');
    const b = Array.from({ length: 300 }, (_, i) => `new ${i}`).join('\n');
    const d = lineDiff(`same\n${a}\nend`, `same\n${b}\nend`, 10_000);
    expect(d.approximate).toBe(true);
    expect(d.removed).toBe(300);
    expect(d.added).toBe(300);
    expect(d.lines[0]).toMatchObject({ op: 'same', text: 'same' });
    expect(d.lines.at(-1)).toMatchObject({ op: 'same', text: 'end', old_no: 302, new_no: 302 });
  });

  it('diffs two large policies quickly', () => {
    const base = Array.from({ length: 3000 }, (_, i) => `line ${i} of the policy text`);
    const changed = base.map((l, i) => (i % 50 === 0 ? `${l} (edited)` : l));
    const started = Date.now();
    const d = lineDiff(base.join('\n'), changed.join('\n'));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(d.added).toBe(60);
    expect(d.removed).toBe(60);
    expect(d.approximate).toBe(false);
  });

  it('splits lines the way editors write them', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });

  it('folds long unchanged runs into a gap, keeping three lines of context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = 'changed';
    const folded = foldUnchanged(lineDiff(a.join('\n'), b.join('\n')).lines);
    expect(folded[0]).toEqual({ op: 'gap', count: 7 });
    expect(folded.filter((l) => l.op !== 'gap').map((l) => (l as { text: string }).text)).toEqual(['l7', 'l8', 'l9', 'l10', 'changed', 'l11', 'l12', 'l13']);
    expect(folded.at(-1)).toEqual({ op: 'gap', count: 6 });
  });
});

describe('derived dates and states', () => {
  it('adds calendar months, clamping to the month’s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-25', 12)).toBe('2027-11-25');
    expect(addMonths('2026-12-15', 3)).toBe('2027-03-15');
  });

  it('derives the review state from the next review date and today', () => {
    expect(reviewState(null, '2026-11-25')).toBe('none');
    expect(reviewState('2026-11-24', '2026-11-25')).toBe('overdue');
    expect(reviewState('2026-11-25', '2026-11-25')).toBe('due_soon');
    expect(reviewState('2026-12-25', '2026-11-25')).toBe('due_soon');
    expect(reviewState('2026-12-26', '2026-11-25')).toBe('scheduled');
  });

  it('derives each person’s state and the campaign’s from recorded facts', () => {
    expect(memberState('2026-11-20T10:00:00Z', 'left', '2026-11-01', '2026-11-25')).toBe('acknowledged');
    expect(memberState(null, 'left', '2026-12-01', '2026-11-25')).toBe('left');
    expect(memberState(null, 'active', '2026-11-25', '2026-11-25')).toBe('pending');
    expect(memberState(null, 'leaving', '2026-11-24', '2026-11-25')).toBe('overdue');
    const counts = countStates(['acknowledged', 'acknowledged', 'pending', 'left']);
    expect(counts).toEqual({ members: 4, required: 3, acknowledged: 2, pending: 1, overdue: 0, left: 1 });
    expect(campaignState(2, 2, counts, '2026-12-01', '2026-11-25')).toBe('open');
    expect(campaignState(2, 2, counts, '2026-11-01', '2026-11-25')).toBe('overdue');
    expect(campaignState(2, 3, counts, '2026-12-01', '2026-11-25')).toBe('superseded');
    expect(campaignState(2, 2, countStates(['acknowledged', 'left']), '2026-11-01', '2026-11-25')).toBe('complete');
  });

  it('allows the next reminder a day after the last one', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(nextReminderFrom(null, now)).toBeNull();
    expect(nextReminderFrom('2026-11-25T08:00:00.000Z', now)).toBe('2026-11-26T08:00:00.000Z');
    expect(nextReminderFrom('2026-11-24T11:59:59.000Z', now)).toBeNull();
  });
});
