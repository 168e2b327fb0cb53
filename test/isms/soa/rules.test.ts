// The SoA's derived facts as pure rules: status and its basis, gaps, summary, identifier order, diff.
import { describe, expect, it } from 'vitest';
import { basisOf, compareRefs, computeStatus, diffRows, gapsOf, summarise, themeOf, type Implementer, type RowFacts } from '../../../src/isms/soa/rules.js';

const c = (status: Implementer['status'], ref = `CTL-${status}`): Implementer => ({ ref, title: `Control ${ref}`, level: 'practice', status });
const status = (applicable: boolean, ...controls: Implementer[]) => computeStatus(applicable, basisOf(controls));

describe('computed implementation status', () => {
  it('is implemented when every linked control is implemented', () => {
    expect(status(true, c('implemented', 'A'), c('implemented', 'B'))).toBe('implemented');
  });
  it('is partially implemented when some are implemented or any is under way', () => {
    expect(status(true, c('implemented', 'A'), c('planned', 'B'))).toBe('partially_implemented');
    expect(status(true, c('in_progress'), c('not_started', 'B'))).toBe('partially_implemented');
  });
  it('is not implemented with no links, or when nothing linked has started', () => {
    expect(status(true)).toBe('not_implemented');
    expect(status(true, c('planned'), c('not_started', 'B'))).toBe('not_implemented');
  });
  it('is not applicable when excluded, whatever is linked', () => {
    expect(status(false, c('implemented'))).toBe('not_applicable');
    expect(status(false)).toBe('not_applicable');
  });
  it('does not count a linked control that is itself not applicable', () => {
    expect(status(true, c('implemented', 'A'), c('not_applicable', 'B'))).toBe('implemented');
    expect(status(true, c('not_applicable'))).toBe('not_implemented');
  });
  it('shows its basis as counts per control status', () => {
    expect(basisOf([c('implemented', 'A'), c('implemented', 'B'), c('in_progress'), c('not_applicable')])).toEqual({
      linked: 4,
      implemented: 2,
      in_progress: 1,
      planned: 0,
      not_started: 0,
      not_applicable: 1,
    });
  });
});

describe('gaps', () => {
  const none = basisOf([]);
  const one = basisOf([c('implemented')]);
  it('flags an exclusion without a justification, and blank text counts as none', () => {
    expect(gapsOf(false, null, none)).toEqual(['exclusion_unjustified']);
    expect(gapsOf(false, '   ', none)).toEqual(['exclusion_unjustified']);
    expect(gapsOf(false, 'Covered by the data-centre provider', none)).toEqual([]);
  });
  it('flags an applicable control with no implementing control, and one without a justification', () => {
    expect(gapsOf(true, 'Needed', none)).toEqual(['no_implementing_control']);
    expect(gapsOf(true, null, one)).toEqual(['inclusion_unjustified']);
    expect(gapsOf(true, 'Needed', one)).toEqual([]);
    expect(gapsOf(true, 'Needed', basisOf([c('not_applicable')]))).toEqual(['no_implementing_control']);
  });
  it('counts rows with gaps and gaps by kind in the summary', () => {
    const rows = [
      { applicable: true, status: 'implemented' as const, gaps: [] },
      { applicable: true, status: 'not_implemented' as const, gaps: ['no_implementing_control' as const, 'inclusion_unjustified' as const] },
      { applicable: false, status: 'not_applicable' as const, gaps: ['exclusion_unjustified' as const] },
    ];
    expect(summarise(rows)).toEqual({
      total: 3,
      applicable: 2,
      excluded: 1,
      implemented: 1,
      partially_implemented: 0,
      not_implemented: 1,
      with_gaps: 2,
      gaps: { exclusion_unjustified: 1, inclusion_unjustified: 1, no_implementing_control: 1 },
    });
  });
});

describe('identifiers', () => {
  it('orders A.5.10 after A.5.9 and themes numerically', () => {
    expect(['A.5.10', 'A.8.1', 'A.5.9', 'A.5.1', 'A.6.3'].sort(compareRefs)).toEqual(['A.5.1', 'A.5.9', 'A.5.10', 'A.6.3', 'A.8.1']);
  });
  it('takes the theme from the identifier', () => {
    expect(themeOf('A.8.13')).toBe('A.8');
    expect(themeOf('A.5.1')).toBe('A.5');
    expect(themeOf('odd')).toBe('odd');
  });
});

describe('diff between two sets of rows', () => {
  const row = (control_id: string, o: Partial<RowFacts> = {}): RowFacts => ({
    control_id,
    title: `Title ${control_id}`,
    theme: themeOf(control_id),
    applicable: true,
    justification: 'Needed',
    status: 'implemented',
    implemented_by: [c('implemented', 'CTL-001')],
    gaps: [],
    ...o,
  });

  it('reports rows added and removed, field changes and implementing controls gained and lost', () => {
    const a = [row('A.5.1'), row('A.5.2'), row('A.7.4'), row('A.8.1')];
    const b = [
      row('A.5.1'),
      row('A.5.2', { applicable: false, justification: 'Outsourced', status: 'not_applicable', implemented_by: [] }),
      row('A.7.4', { implemented_by: [c('implemented', 'CTL-001'), c('implemented', 'CTL-009')] }),
      row('A.8.2'),
    ];
    const d = diffRows(a, b);
    expect(d.added.map((r) => r.control_id)).toEqual(['A.8.2']);
    expect(d.removed.map((r) => r.control_id)).toEqual(['A.8.1']);
    expect(d.unchanged).toBe(1);
    expect(d.changed).toEqual([
      {
        control_id: 'A.5.2',
        title: 'Title A.5.2',
        fields: [
          { field: 'applicable', before: true, after: false },
          { field: 'justification', before: 'Needed', after: 'Outsourced' },
          { field: 'status', before: 'implemented', after: 'not_applicable' },
        ],
        implemented_by: { added: [], removed: [{ ref: 'CTL-001', title: 'Control CTL-001' }] },
      },
      { control_id: 'A.7.4', title: 'Title A.7.4', fields: [], implemented_by: { added: [{ ref: 'CTL-009', title: 'Control CTL-009' }], removed: [] } },
    ]);
  });

  it('finds nothing between identical rows', () => {
    const rows = [row('A.5.1'), row('A.5.2')];
    expect(diffRows(rows, rows)).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });
});
