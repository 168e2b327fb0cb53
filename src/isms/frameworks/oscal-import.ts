// OSCAL catalog → our catalogue: groups stay groups, controls become requirements (nested controls
// get parents), the statement's prose becomes the paraphrase, props become attributes. Pure: no I/O.
import type { FieldError } from '../../core/errors.js';
import { AttributeKey, REQUIREMENT_KINDS, RequirementRef, type RequirementKind } from './catalogue-schema.js';
import type { OscalCatalogDocument, OscalControl, OscalGroup, OscalPart, OscalProp } from './oscal-schema.js';

/** The namespace of the props Kilpi writes (framework id, source, attributes); a URN, so it never resolves anywhere. */
export const KILPI_NS = 'urn:kilpi:oscal';
const NIST_NS = 'http://csrc.nist.gov/ns/oscal';

/** How deep a JSON document may nest; real catalogs stay under 20. */
export const MAX_JSON_DEPTH = 40;
/** How many values (objects, arrays, scalars) a document may hold. */
export const MAX_JSON_VALUES = 400_000;

/**
 * Walks `value` without recursion and reports the first place that is too deep, or the document
 * being too large, so the recursive schema never meets a hostile nesting.
 */
export function jsonShapeProblem(value: unknown): FieldError | null {
  const stack: { v: unknown; path: string[]; depth: number }[] = [{ v: value, path: [], depth: 0 }];
  let count = 0;
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (++count > MAX_JSON_VALUES) return { field: '(body)', message: `The document holds more than ${MAX_JSON_VALUES.toLocaleString('en')} values.` };
    if (depth > MAX_JSON_DEPTH) return { field: path.slice(0, 12).join('.') + (path.length > 12 ? '.…' : ''), message: `Nested more than ${MAX_JSON_DEPTH} levels deep.` };
    if (v && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) if (x && typeof x === 'object') stack.push({ v: x, path: [...path, k], depth: depth + 1 });
      count += entries.length;
    }
  }
  return null;
}

/** Text on one line: line breaks and tabs (with the spaces around them) become one space. */
export const flatten = (s: string): string => s.replace(/\s*[\r\n\t\f\v\u2028\u2029]+\s*/g, ' ').trim();

function shorten(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[^a-z0-9]+|[-.]+$/g, '')
    .slice(0, 64)
    .replace(/[-.]+$/g, '');
}

const isOurs = (p: OscalProp) => p.ns === KILPI_NS;
const isPlain = (p: OscalProp) => p.ns === undefined || p.ns === NIST_NS;
// OSCAL's own prop names that say something about the control rather than being an attribute of it.
const STRUCTURAL_PROPS = new Set(['label', 'sort-id', 'status', 'alt-identifier', 'alt-label']);

function labelOf(props: OscalProp[] | undefined): string | undefined {
  const labels = (props ?? []).filter((p) => p.name === 'label' && (isPlain(p) || isOurs(p)));
  return (labels.find((p) => !p.class) ?? labels[0])?.value;
}

const isWithdrawn = (props: OscalProp[] | undefined) => (props ?? []).some((p) => p.name === 'status' && isPlain(p) && p.value.toLowerCase() === 'withdrawn');

export interface ConvertedCatalogue {
  /** A plain catalogue object, to be validated with the `Catalogue` schema. */
  catalogue: Record<string, unknown> & { requirements: Record<string, unknown>[]; groups: Record<string, unknown>[] };
  /** Where each requirement and group came from in the OSCAL document, for error messages. */
  requirementPaths: string[];
  groupPaths: string[];
  warnings: string[];
  /** Controls left out because OSCAL marks them withdrawn (with their sub-controls). */
  skipped: number;
}

const MAX_WARNINGS = 50;

/** Converts a structurally valid OSCAL catalog; semantic checks follow with the `Catalogue` schema. */
export function oscalToCatalogue(doc: OscalCatalogDocument, opts: { id?: string | undefined } = {}): ConvertedCatalogue {
  const cat = doc.catalog;
  const out: ConvertedCatalogue = { catalogue: { requirements: [], groups: [] }, requirementPaths: [], groupPaths: [], warnings: [], skipped: 0 };
  const warn = (w: string) => {
    if (out.warnings.length < MAX_WARNINGS) out.warnings.push(w);
    else if (out.warnings.length === MAX_WARNINGS) out.warnings.push('… and more.');
  };
  const params = new Map<string, string>();
  const collectParams = (ps: { id: string; label?: string | undefined }[] | undefined) => ps?.forEach((p) => params.set(p.id, p.label ? flatten(p.label) : p.id));
  const insertParams = (s: string) => s.replace(/\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g, (_m, id: string) => `[${params.get(id) ?? id}]`);
  collectParams(cat.params);

  const metaProp = (name: string) => cat.metadata.props?.find((p) => isOurs(p) && p.name === name)?.value;
  const publisherParty = cat.metadata['responsible-parties']?.find((r) => r['role-id'] === 'publisher' || r['role-id'] === 'creator');
  const publisher = publisherParty ? cat.metadata.parties?.find((p) => publisherParty['party-uuids'].includes(p.uuid))?.name : undefined;
  const description = cat.metadata.remarks ? shorten(flatten(cat.metadata.remarks), 2000) : undefined;
  Object.assign(out.catalogue, {
    id: opts.id ?? metaProp('framework-id') ?? (slugOf(flatten(cat.metadata.title)).length >= 2 ? slugOf(flatten(cat.metadata.title)) : `oscal-${cat.uuid.slice(0, 8).toLowerCase()}`),
    name: flatten(cat.metadata.title),
    version: cat.metadata.version,
    source: metaProp('source') ?? `OSCAL catalog ${cat.uuid}`,
    ...(publisher ? { publisher: flatten(publisher) } : {}),
    ...(description ? { description } : {}),
  });

  const usedRefs = new Set<string>();
  const usedGroups = new Set<string>();
  const validRef = (s: string | undefined) => s !== undefined && RequirementRef.safeParse(s).success;
  const validGroup = (s: string | undefined) => s !== undefined && s.length <= 40 && s.trim() === s && s.length > 0;

  const paraphraseOf = (c: OscalControl): string => {
    const proseIn = (p: OscalPart): string[] => [p.prose ?? '', ...(p.parts ?? []).flatMap(proseIn)].filter((s) => s.trim() !== '');
    for (const name of ['statement', 'guidance', 'overview']) {
      const text = (c.parts ?? []).filter((p) => p.name === name).flatMap(proseIn);
      if (text.length) return flatten(insertParams(text.join(' ')));
    }
    const any = (c.parts ?? []).flatMap(proseIn);
    return any.length ? flatten(insertParams(any.join(' '))) : flatten(c.title);
  };

  const attributesOf = (c: OscalControl, ref: string): Record<string, string[]> | undefined => {
    const attrs: Record<string, string[]> = {};
    for (const p of c.props ?? []) {
      if (!(isOurs(p) || (isPlain(p) && !STRUCTURAL_PROPS.has(p.name)))) continue;
      if (!AttributeKey.safeParse(p.name).success) {
        warn(`${ref}: the prop "${p.name.slice(0, 60)}" is not kept (its name cannot be an attribute key).`);
        continue;
      }
      const value = flatten(p.value);
      if (value.length > 80) {
        warn(`${ref}: the prop "${p.name}" is not kept (its value is longer than 80 characters).`);
        continue;
      }
      const values = (attrs[p.name] ??= []);
      if (values.includes(value)) continue;
      if (values.length >= 20) {
        warn(`${ref}: only the first 20 values of "${p.name}" are kept.`);
        continue;
      }
      values.push(value);
    }
    return Object.keys(attrs).length ? attrs : undefined;
  };

  const addControl = (c: OscalControl, path: string, group: string | null, parent: string | null) => {
    if (isWithdrawn(c.props)) {
      const count = (x: OscalControl): number => 1 + (x.controls ?? []).reduce((n, y) => n + count(y), 0);
      out.skipped += count(c);
      return;
    }
    collectParams(c.params);
    const label = labelOf(c.props);
    let ref = validRef(label) && !usedRefs.has(label!) ? label! : c.id;
    // A duplicate id is reported by the catalogue check with this control's path.
    if (!validRef(ref)) ref = c.id;
    usedRefs.add(ref);
    const paraphrase = paraphraseOf(c);
    if (Array.from(paraphrase).length > 1000) warn(`${ref}: the statement was shortened to 1,000 characters.`);
    const kind = (REQUIREMENT_KINDS as readonly string[]).includes(c.class ?? '') ? (c.class as RequirementKind) : 'control';
    const attributes = attributesOf(c, ref);
    out.catalogue.requirements.push({
      ref,
      title: flatten(c.title),
      kind,
      group,
      parent,
      paraphrase: shorten(paraphrase, 1000),
      ...(attributes ? { attributes } : {}),
    });
    out.requirementPaths.push(path);
    c.controls?.forEach((child, i) => addControl(child, `${path}.controls.${i}`, group, ref));
  };

  const addGroup = (g: OscalGroup, path: string, parent: string | null) => {
    collectParams(g.params);
    const label = labelOf(g.props);
    let id = validGroup(label) && !usedGroups.has(label!) ? label! : g.id && validGroup(g.id) && !usedGroups.has(g.id) ? g.id : '';
    for (let n = out.groupPaths.length + 1; !id || usedGroups.has(id); n++) id = `group-${n}`;
    usedGroups.add(id);
    out.catalogue.groups.push({ id, title: flatten(g.title), parent });
    out.groupPaths.push(path);
    g.groups?.forEach((child, i) => addGroup(child, `${path}.groups.${i}`, id));
    g.controls?.forEach((c, i) => addControl(c, `${path}.controls.${i}`, id, null));
  };

  cat.controls?.forEach((c, i) => addControl(c, `catalog.controls.${i}`, null, null));
  cat.groups?.forEach((g, i) => addGroup(g, `catalog.groups.${i}`, null));
  return out;
}

const REQUIREMENT_FIELD: Record<string, string> = { ref: 'id', title: 'title', kind: 'class', paraphrase: 'parts', attributes: 'props', parent: 'id', group: 'id' };
const GROUP_FIELD: Record<string, string> = { id: 'id', title: 'title', parent: 'id' };
const CATALOGUE_FIELD: Record<string, string> = {
  id: 'id',
  name: 'catalog.metadata.title',
  version: 'catalog.metadata.version',
  source: 'catalog.metadata.props',
  publisher: 'catalog.metadata.parties',
  description: 'catalog.metadata.remarks',
  requirements: 'catalog',
  groups: 'catalog',
};

/** Re-addresses an issue found in the converted catalogue to the place in the OSCAL document it came from. */
export function oscalPathOf(issuePath: (string | number | symbol)[], conv: ConvertedCatalogue): string {
  const [top, index, field] = issuePath.map(String);
  if (top === 'requirements' && index !== undefined && conv.requirementPaths[Number(index)]) {
    return `${conv.requirementPaths[Number(index)]}${field ? '.' + (REQUIREMENT_FIELD[field] ?? field) : ''}`;
  }
  if (top === 'groups' && index !== undefined && conv.groupPaths[Number(index)]) {
    return `${conv.groupPaths[Number(index)]}${field ? '.' + (GROUP_FIELD[field] ?? field) : ''}`;
  }
  return CATALOGUE_FIELD[top ?? ''] ?? (top || '(body)');
}
