// The audit event diff: what changed, was added or removed, field by field.
import { describe, expect, it } from 'vitest';
import { fieldDiff, MAX_VALUE_CHARS } from '../../src/audit/diff.js';

describe('fieldDiff', () => {
  it('marks changed, added, removed and unchanged fields', () => {
    const rows = fieldDiff({ name: 'Aino', status: 'active', title: 'Dev' }, { name: 'Aino', status: 'leaving', end_date: '2026-12-31' });
    expect(rows).toEqual([
      { field: 'end_date', kind: 'added', after: '"2026-12-31"' },
      { field: 'name', kind: 'same', before: '"Aino"', after: '"Aino"' },
      { field: 'status', kind: 'changed', before: '"active"', after: '"leaving"' },
      { field: 'title', kind: 'removed', before: '"Dev"' },
    ]);
  });

  it('shows creation as all added and deletion as all removed', () => {
    expect(fieldDiff(null, { a: 1, b: null }).map((r) => r.kind)).toEqual(['added', 'added']);
    expect(fieldDiff({ a: 1 }, null)).toEqual([{ field: 'a', kind: 'removed', before: '1' }]);
    expect(fieldDiff(null, null)).toEqual([]);
  });

  it('flattens nested objects into dotted paths and keeps arrays whole', () => {
    const rows = fieldDiff({ address: { city: 'Oulu' }, tags: ['a'] }, { address: { city: 'Turku' }, tags: ['a', 'b'] });
    expect(rows.map((r) => [r.field, r.kind])).toEqual([
      ['address.city', 'changed'],
      ['tags', 'changed'],
    ]);
  });

  it('treats values that are not objects as one field', () => {
    expect(fieldDiff(1, 2)).toEqual([{ field: '(value)', kind: 'changed', before: '1', after: '2' }]);
    expect(fieldDiff([1], [1])).toEqual([{ field: '(value)', kind: 'same', before: '[\n  1\n]', after: '[\n  1\n]' }]);
  });

  it('distinguishes a null field from a missing one, and a number from a string', () => {
    expect(fieldDiff({ a: null }, { a: 'null' })[0]!.kind).toBe('changed');
    expect(fieldDiff({ a: 1 }, { a: '1' })[0]!.kind).toBe('changed');
    expect(fieldDiff({}, { a: null })[0]).toEqual({ field: 'a', kind: 'added', after: 'null' });
  });

  it('cuts huge values for display', () => {
    const [row] = fieldDiff(null, { blob: 'x'.repeat(10_000) });
    expect(row!.after!.length).toBe(MAX_VALUE_CHARS + 1);
    expect(row!.after!.endsWith('…')).toBe(true);
  });

  it('does not let a __proto__ key escape into the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const rows = fieldDiff(null, hostile);
    expect(rows.map((r) => r.field)).toEqual(['__proto__.polluted', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
