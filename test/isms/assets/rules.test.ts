// The inventory's pure rules: environments, automatic references, cycles, and effective C/I/A.
import { describe, expect, it } from 'vitest';
import { ciaLevel, cycleText, cycleThrough, cyclicComponents, effectiveValues, environmentErrors, nextRefs, shortestPath, type Dependent } from '../../../src/isms/assets/rules.js';

const graphOf = (edges: string): Map<string, string[]> => {
  const g = new Map<string, string[]>();
  for (const e of edges.split(' ').filter(Boolean)) {
    const [a, b] = e.split('>') as [string, string];
    g.set(a, [...(g.get(a) ?? []), b]);
    if (!g.has(b)) g.set(b, []);
  }
  return g;
};

describe('asset rules', () => {
  it('gives information no environment and everything else exactly one', () => {
    expect(environmentErrors({ kind: 'information', environment: null })).toEqual([]);
    expect(environmentErrors({ kind: 'information', environment: 'test' })).toEqual([{ field: 'environment', message: expect.stringContaining('Information has no environment') }]);
    for (const kind of ['system', 'service', 'device', 'data_store'] as const) {
      expect(environmentErrors({ kind, environment: 'production' })).toEqual([]);
      expect(environmentErrors({ kind, environment: null })).toHaveLength(1);
    }
  });

  it('names C, I and A values', () => {
    expect([1, 2, 3, 4].map(ciaLevel)).toEqual(['low', 'medium', 'high', 'critical']);
  });

  it('picks the next automatic references after the highest AST number, ignoring other schemes', () => {
    expect(nextRefs([], 2)).toEqual(['AST-001', 'AST-002']);
    expect(nextRefs(['AST-009', 'AST-002', 'SRV-500', 'AST-X1', 'AST-', 'XAST-900'], 1)).toEqual(['AST-010']);
    expect(nextRefs(['AST-999'], 2)).toEqual(['AST-1000', 'AST-1001']);
    expect(nextRefs(['AST-0042'], 1)).toEqual(['AST-043']);
  });

  it('finds the shortest cycle a new set of dependencies would close, walking level by level', async () => {
    const g = graphOf('B>C C>D D>A C>A E>B');
    const calls: string[][] = [];
    const edges = async (ids: string[]) => {
      calls.push(ids);
      return new Map(ids.map((id) => [id, id === 'A' ? [] : (g.get(id) ?? [])]));
    };
    expect(await cycleThrough('A', ['B'], edges)).toEqual(['A', 'B', 'C', 'A']);
    expect(calls).toEqual([['B'], ['C']]);
    expect(await cycleThrough('A', ['A'], edges)).toEqual(['A', 'A']);
    expect(await cycleThrough('E', ['D'], edges)).toBeNull();
    // An old loop elsewhere does not hang the walk.
    const looped = graphOf('X>Y Y>X');
    expect(await cycleThrough('A', ['X'], async (ids) => new Map(ids.map((id) => [id, looped.get(id) ?? []])))).toBeNull();
  });

  it('finds every cyclic component, self loops included, and survives a 100,000-long chain', () => {
    const comps = cyclicComponents(graphOf('A>B B>C C>A C>D D>E E>D F>F G>A'));
    expect(comps.map((c) => [...c].sort().join(''))).toEqual(expect.arrayContaining(['ABC', 'DE', 'F']));
    expect(comps).toHaveLength(3);
    const chain = new Map(Array.from({ length: 100_000 }, (_, i) => [`n${i}`, i + 1 < 100_000 ? [`n${i + 1}`] : []]));
    expect(cyclicComponents(chain)).toEqual([]);
    chain.set('n99999', ['n0']);
    expect(cyclicComponents(chain)[0]!.size).toBe(100_000);
  });

  it('walks the shortest path inside a component', () => {
    const g = graphOf('A>B B>C C>A A>C');
    expect(shortestPath(g, 'B', 'A', new Set(['A', 'B', 'C']))).toEqual(['B', 'C', 'A']);
    expect(shortestPath(g, 'B', 'A', new Set(['A', 'B']))).toBeNull();
  });

  it('writes a cycle with arrows and shortens a very long one, keeping both ends', () => {
    expect(cycleText(['AST-003', 'AST-014', 'AST-003'])).toBe('AST-003 → AST-014 → AST-003');
    const long = Array.from({ length: 40 }, (_, i) => `R${i}`);
    expect(cycleText(long)).toBe('R0 → R1 → R2 → R3 → R4 → R5 → R6 → … (+26) … → R33 → R34 → R35 → R36 → R37 → R38 → R39');
  });

  it('derives effective values from active dependents, naming the nearest asset with the highest value', () => {
    const self = { id: 'h', ref: 'HOST', confidentiality: 1, integrity: 2, availability: 2 };
    const dep = (id: string, via: string, c: number, i: number, a: number, status: 'active' | 'retired' = 'active'): Dependent => ({ id, ref: id.toUpperCase(), name: id, status, confidentiality: c, integrity: i, availability: a, via });
    // Nearest first, as the breadth-first walk delivers them.
    const dependents = [dep('app', 'h', 2, 1, 4), dep('old', 'h', 1, 4, 1, 'retired'), dep('api', 'app', 3, 1, 4), dep('card', 'app', 4, 1, 1), dep('data', 'api', 4, 1, 1)];
    const e = effectiveValues(self, dependents);
    expect(e.availability).toEqual({ value: 4, basis: { id: 'app', ref: 'APP', name: 'app', path: ['APP', 'HOST'] } });
    // "card" (two steps) beats "data" (three steps) for the same value.
    expect(e.confidentiality).toEqual({ value: 4, basis: { id: 'card', ref: 'CARD', name: 'card', path: ['CARD', 'APP', 'HOST'] } });
    expect(e.integrity).toEqual({ value: 2, basis: null });
  });
});
