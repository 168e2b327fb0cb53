// The inventory's rules, shared by single edits and the CSV import: environments, automatic
// references, dependency cycles and the effective criticality that flows down dependencies.
import type { FieldError } from '../../core/errors.js';
import type { AssetRow } from '../tables.js';
import { MSG } from './schema.js';

/** What a C, I or A value means, by value (index 0 is unused). */
export const CIA_LEVELS = [null, 'low', 'medium', 'high', 'critical'] as const;
export type CiaLevel = Exclude<(typeof CIA_LEVELS)[number], null>;
export const ciaLevel = (v: number): CiaLevel => CIA_LEVELS[Math.min(4, Math.max(1, Math.round(v)))]!;

/**
 * Information lives wherever it is stored and so has no environment of its own; every other kind
 * (systems, services, devices, data stores) runs in exactly one of development, test or production.
 */
export function environmentErrors(a: Pick<AssetRow, 'kind' | 'environment'>): FieldError[] {
  if (a.kind === 'information' && a.environment !== null) return [{ field: 'environment', message: MSG.environmentForInformation }];
  if (a.kind !== 'information' && a.environment === null) return [{ field: 'environment', message: MSG.environmentRequired }];
  return [];
}

export const AUTO_REF = /^AST-(\d{1,9})$/;
export const formatRef = (n: number): string => `AST-${String(n).padStart(3, '0')}`;

/** The next `count` free automatic references after the highest AST-nnn in `taken`. */
export function nextRefs(taken: Iterable<string>, count: number): string[] {
  let max = 0;
  for (const r of taken) {
    const m = AUTO_REF.exec(r);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return Array.from({ length: count }, (_, i) => formatRef(max + 1 + i));
}

/**
 * Would `assetId` depending on `targets` close a cycle? Walks what the targets depend on, level by
 * level (`dependsOn` answers the direct dependencies of a set of ids, leaving out `assetId`'s own
 * edges, which are being replaced). Returns the ids of the shortest cycle, starting and ending
 * with `assetId`, or null.
 */
export async function cycleThrough(assetId: string, targets: string[], dependsOn: (ids: string[]) => Promise<Map<string, string[]>>): Promise<string[] | null> {
  if (targets.includes(assetId)) return [assetId, assetId];
  const parent = new Map<string, string>(targets.map((t) => [t, assetId]));
  let frontier = [...new Set(targets)];
  while (frontier.length) {
    const edges = await dependsOn(frontier);
    const next: string[] = [];
    for (const from of frontier) {
      for (const to of edges.get(from) ?? []) {
        if (to === assetId) return [...pathTo(parent, from, assetId), assetId];
        if (parent.has(to)) continue;
        parent.set(to, from);
        next.push(to);
      }
    }
    frontier = next;
  }
  return null;
}

/** The chain root → … → `id` recorded in `parent` (each id's predecessor), ending at `root`. */
function pathTo(parent: Map<string, string>, id: string, root: string): string[] {
  const out = [id];
  for (let cur = parent.get(id); cur !== undefined; cur = cur === root ? undefined : parent.get(cur)) out.push(cur);
  return out.reverse();
}

/**
 * Strongly connected components of a directed graph (iterative Tarjan, so a 10,000-asset chain does
 * not exhaust the stack). Only components that hold a cycle are returned.
 */
export function cyclicComponents(graph: Map<string, string[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: Set<string>[] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const succ = graph.get(frame.v) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const up = work[work.length - 1]!.v;
        low.set(up, Math.min(low.get(up)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const comp = new Set<string>();
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.add(w);
        } while (w !== frame.v);
        if (comp.size > 1 || (graph.get(frame.v) ?? []).includes(frame.v)) out.push(comp);
      }
    }
  }
  return out;
}

/** The shortest path from `from` to `to` inside `within`, as ids including both ends, or null. */
export function shortestPath(graph: Map<string, string[]>, from: string, to: string, within: Set<string>): string[] | null {
  const parent = new Map<string, string>();
  const seen = new Set([from]);
  let frontier = [from];
  while (frontier.length) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const w of graph.get(v) ?? []) {
        if (!within.has(w) || seen.has(w)) continue;
        parent.set(w, v);
        if (w === to) return pathTo(parent, w, from);
        seen.add(w);
        next.push(w);
      }
    }
    frontier = next;
  }
  return null;
}

/**
 * A cycle as text, `AST-003 → AST-014 → AST-003`. A very long loop keeps its two ends and says how
 * many steps it leaves out, so one message never grows with the size of the inventory.
 */
export function cycleText(refs: string[], max = 15): string {
  if (refs.length <= max) return refs.join(' → ');
  const keep = Math.floor((max - 1) / 2);
  return [...refs.slice(0, keep), `… (+${refs.length - 2 * keep}) …`, ...refs.slice(-keep)].join(' → ');
}

export interface Dependent {
  id: string;
  ref: string;
  name: string;
  status: AssetRow['status'];
  confidentiality: number;
  integrity: number;
  availability: number;
  /** The asset it depends on: one step closer to the asset being assessed. */
  via: string;
}

export type Dimension = 'confidentiality' | 'integrity' | 'availability';
export const DIMENSIONS: readonly Dimension[] = ['confidentiality', 'integrity', 'availability'];

export interface EffectiveValue {
  value: number;
  basis: { id: string; ref: string; name: string; path: string[] } | null;
}

/**
 * What an asset must be protected for, given everything that relies on it: for each of C, I and A,
 * the highest value among the asset itself and the active assets that depend on it, directly or
 * through others (a database that a critical service stands on needs the service's availability).
 * `dependents` arrive nearest first, so the basis named is the closest asset with that value.
 */
export function effectiveValues(self: Pick<AssetRow, 'id' | 'ref' | Dimension>, dependents: Dependent[]): Record<Dimension, EffectiveValue> {
  const byId = new Map(dependents.map((d) => [d.id, d]));
  const chain = (d: Dependent): string[] => {
    const refs = [d.ref];
    for (let cur = d.via; cur !== self.id; ) {
      const next = byId.get(cur);
      if (!next) break;
      refs.push(next.ref);
      cur = next.via;
    }
    return [...refs, self.ref];
  };
  const out = {} as Record<Dimension, EffectiveValue>;
  for (const dim of DIMENSIONS) {
    let best: EffectiveValue = { value: self[dim], basis: null };
    for (const d of dependents) {
      if (d.status !== 'active' || d[dim] <= best.value) continue;
      best = { value: d[dim], basis: { id: d.id, ref: d.ref, name: d.name, path: chain(d) } };
    }
    out[dim] = best;
  }
  return out;
}
