// Framework → OSCAL 1.1.3 catalog JSON: groups nest as in the catalogue, requirements become
// controls (children nested under their parent), refs travel as `label` props so ids can be tokens.
// Licensed text never leaves: only our paraphrase is exported.
import { v5 as uuidv5 } from 'uuid';
import type { FrameworkRow, RequirementRow } from '../tables.js';
import { KILPI_NS } from './oscal-import.js';
import type { FrameworkGroupRow } from './tables.js';

export const OSCAL_VERSION = '1.1.3';
// Our namespace for name-based (v5) UUIDs: the same framework content always exports the same UUIDs.
const UUID_NAMESPACE = '5b0c2a51-3f8e-4d7a-9c61-2e4f8a7d3b10';

type Json = Record<string, unknown>;

/** A document-unique OSCAL token made from a ref or group id (`4.1` → `req-4.1`, `Art.32(1)` → `Art.32_1`). */
function tokenMaker() {
  const used = new Set<string>();
  return (raw: string, prefix: string): string => {
    let base = raw.replace(/[()]/g, '_').replace(/_+$/, '').replace(/[^\p{L}\p{N}._-]/gu, '-');
    if (!/^(\p{L}|_)/u.test(base)) base = `${prefix}-${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

const prop = (name: string, value: string, ns?: string): Json => ({ name, ...(ns ? { ns } : {}), value });

export interface ExportInput {
  framework: FrameworkRow;
  groups: FrameworkGroupRow[];
  /** Every requirement, in catalogue order (withdrawn ones are exported with status withdrawn). */
  requirements: RequirementRow[];
}

/** The framework as an OSCAL catalog document (`{ "catalog": … }`). */
export function frameworkToOscal({ framework: f, groups, requirements }: ExportInput): Json {
  const token = tokenMaker();
  const uuid = (name: string) => uuidv5(`${f.id}\n${f.content_hash}\n${name}`, UUID_NAMESPACE);

  const childrenOf = new Map<string, RequirementRow[]>();
  const refs = new Set(requirements.map((r) => r.ref));
  for (const r of requirements) if (r.parent_ref && refs.has(r.parent_ref)) childrenOf.set(r.parent_ref, [...(childrenOf.get(r.parent_ref) ?? []), r]);

  const control = (r: RequirementRow): Json => {
    const id = token(r.ref, 'req');
    const attrs = JSON.parse(r.attributes || '{}') as Record<string, string[]>;
    const props = [
      prop('label', r.ref),
      ...(r.withdrawn_at ? [prop('status', 'withdrawn')] : []),
      ...Object.entries(attrs).flatMap(([k, vs]) => vs.map((v) => prop(k, v, KILPI_NS))),
    ];
    const children = (childrenOf.get(r.ref) ?? []).map(control);
    return {
      id,
      class: r.kind,
      title: r.title,
      props,
      parts: [{ id: token(`${id}_smt`, 'part'), name: 'statement', prose: r.paraphrase }],
      ...(children.length ? { controls: children } : {}),
    };
  };

  const groupRefs = new Set(groups.map((g) => g.ref));
  // Top-level requirements of each group; a child travels inside its parent's control instead.
  const isTop = (r: RequirementRow) => !(r.parent_ref && refs.has(r.parent_ref));
  const byGroup = new Map<string | null, RequirementRow[]>();
  for (const r of requirements.filter(isTop)) {
    const g = r.group_ref && groupRefs.has(r.group_ref) ? r.group_ref : null;
    byGroup.set(g, [...(byGroup.get(g) ?? []), r]);
  }
  const subgroups = new Map<string | null, FrameworkGroupRow[]>();
  for (const g of groups) {
    const parent = g.parent_ref && groupRefs.has(g.parent_ref) && g.parent_ref !== g.ref ? g.parent_ref : null;
    subgroups.set(parent, [...(subgroups.get(parent) ?? []), g]);
  }
  const group = (g: FrameworkGroupRow): Json => {
    const inner = (subgroups.get(g.ref) ?? []).map(group);
    const controls = (byGroup.get(g.ref) ?? []).map(control);
    return {
      id: token(g.ref, 'group'),
      title: g.title,
      props: [prop('label', g.ref)],
      ...(inner.length ? { groups: inner } : {}),
      ...(controls.length ? { controls } : {}),
    };
  };

  const topGroups = (subgroups.get(null) ?? []).map(group);
  const topControls = (byGroup.get(null) ?? []).map(control);
  const metadata: Json = {
    title: f.name,
    'last-modified': f.updated_at,
    version: f.version,
    'oscal-version': OSCAL_VERSION,
    props: [prop('framework-id', f.id, KILPI_NS), prop('source', f.source, KILPI_NS), prop('origin', f.origin, KILPI_NS)],
    ...(f.publisher
      ? {
          roles: [{ id: 'publisher', title: 'Publisher' }],
          parties: [{ uuid: uuid('publisher'), type: 'organization', name: f.publisher }],
          'responsible-parties': [{ 'role-id': 'publisher', 'party-uuids': [uuid('publisher')] }],
        }
      : {}),
    ...(f.description ? { remarks: f.description } : {}),
  };
  return {
    catalog: {
      uuid: uuid('catalog'),
      metadata,
      ...(topControls.length ? { controls: topControls } : {}),
      ...(topGroups.length ? { groups: topGroups } : {}),
    },
  };
}
