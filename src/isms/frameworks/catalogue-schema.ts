// The shape of a framework catalogue file in content/frameworks/*.json. Catalogues are written by
// us: identifiers and short titles from the source, paraphrases in our own words, never its text.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { unknownAttributeValues, vocabularyOf } from './attributes.js';

/** Framework ids: lower-case slugs such as `iso27001-2022` or `pci-dss-4.0.1`. */
export const FrameworkId = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'a lower-case slug: letters, digits, dots and hyphens');

/** A requirement identifier inside its framework: `A.8.13`, `6.1.2`, `Art.32`, `Art.32(1)`, `9.4.1`, `s1.1_a`. */
export const RequirementRef = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._()-]*$/, 'letters, digits, dots, underscores, hyphens and parentheses');

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Control characters in catalogue text are a sign of a broken or hostile file.
    .refine((s) => !hasControlChars(s), 'no control characters');

/** A group (theme, chapter) id: short text such as `A.5`, `4` or `Chapter II`. */
export const GroupId = Text(40);

/** Attribute keys: `control_type`, `pillar`, `impact-level` … */
export const AttributeKey = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'a letter, then letters, digits, dots, hyphens and underscores');

export const REQUIREMENT_KINDS = ['clause', 'control', 'article', 'requirement', 'section'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export const CatalogueGroup = z.strictObject({
  id: GroupId,
  title: Text(200),
  /** The enclosing group's id, for nested groups (a chapter's sections). */
  parent: GroupId.nullable().optional(),
});

export const CatalogueRequirement = z.strictObject({
  ref: RequirementRef,
  title: Text(200),
  kind: z.enum(REQUIREMENT_KINDS),
  /** The group (theme, chapter) the requirement belongs to; must name one of `groups`. */
  group: GroupId.nullable().optional(),
  /** A parent requirement's ref in the same catalogue (e.g. `9.4` for `9.4.1`). */
  parent: RequirementRef.nullable().optional(),
  /** Our one- or two-sentence paraphrase. */
  paraphrase: Text(1000),
  /** Vocabulary values, e.g. ISO 27002 attributes: `{ "control_type": ["preventive"] }`. */
  attributes: z.record(AttributeKey, z.array(Text(80)).min(1).max(20)).optional(),
});

type Issue = { path: (string | number)[]; message: string };

/** Parent links must end at a root: a cycle (a → b → a) would hang every tree walk. */
function cycleMembers(parents: Map<string, string | null | undefined>): Set<string> {
  const bad = new Set<string>();
  for (const start of parents.keys()) {
    const seen = new Set<string>();
    let at: string | null | undefined = start;
    while (at && parents.has(at) && !seen.has(at)) {
      seen.add(at);
      at = parents.get(at);
    }
    if (at && seen.has(at) && at === start) bad.add(start);
  }
  return bad;
}

/** Cross-field rules Zod cannot express field by field: unique ids, references that resolve, no cycles, known vocabularies. */
function crossChecks(c: { groups: z.infer<typeof CatalogueGroup>[]; requirements: z.infer<typeof CatalogueRequirement>[] }): Issue[] {
  const issues: Issue[] = [];
  const groupIds = new Set<string>();
  c.groups.forEach((g, i) => {
    if (groupIds.has(g.id)) issues.push({ path: ['groups', i, 'id'], message: `the group id "${g.id}" appears twice` });
    groupIds.add(g.id);
  });
  c.groups.forEach((g, i) => {
    if (g.parent && !groupIds.has(g.parent)) issues.push({ path: ['groups', i, 'parent'], message: `names no group in "groups" ("${g.parent}")` });
    if (g.parent === g.id) issues.push({ path: ['groups', i, 'parent'], message: 'a group cannot be its own parent' });
  });
  const groupLoops = cycleMembers(new Map(c.groups.map((g) => [g.id, g.parent])));
  c.groups.forEach((g, i) => {
    if (groupLoops.has(g.id) && g.parent !== g.id) issues.push({ path: ['groups', i, 'parent'], message: 'groups nest in a circle' });
  });

  const refs = new Set<string>();
  c.requirements.forEach((r, i) => {
    if (refs.has(r.ref)) issues.push({ path: ['requirements', i, 'ref'], message: `the ref "${r.ref}" appears twice` });
    refs.add(r.ref);
  });
  c.requirements.forEach((r, i) => {
    if (r.group && !groupIds.has(r.group)) issues.push({ path: ['requirements', i, 'group'], message: `names no group in "groups" ("${r.group}")` });
    if (r.parent === r.ref) issues.push({ path: ['requirements', i, 'parent'], message: 'a requirement cannot be its own parent' });
    else if (r.parent && !refs.has(r.parent)) issues.push({ path: ['requirements', i, 'parent'], message: `names no requirement in this catalogue ("${r.parent}")` });
    for (const [key, values] of Object.entries(r.attributes ?? {})) {
      const bad = unknownAttributeValues(key, values);
      if (bad.length) issues.push({ path: ['requirements', i, 'attributes', key], message: `"${bad[0]}" is not one of ${vocabularyOf(key)!.join(', ')}` });
      if (new Set(values).size !== values.length) issues.push({ path: ['requirements', i, 'attributes', key], message: 'a value appears twice' });
    }
  });
  const loops = cycleMembers(new Map(c.requirements.map((r) => [r.ref, r.parent])));
  c.requirements.forEach((r, i) => {
    if (loops.has(r.ref) && r.parent !== r.ref) issues.push({ path: ['requirements', i, 'parent'], message: 'parents form a circle' });
  });
  return issues;
}

export const Catalogue = z
  .strictObject({
    id: FrameworkId,
    name: Text(200),
    version: Text(40),
    /** Where the identifiers come from: the official publication, with a URL. */
    source: Text(500),
    publisher: Text(200).optional(),
    description: Text(2000).optional(),
    groups: z.array(CatalogueGroup).max(500),
    requirements: z.array(CatalogueRequirement).min(1).max(5000),
  })
  .superRefine((c, ctx) => {
    for (const issue of crossChecks(c)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Catalogue = z.infer<typeof Catalogue>;
export type CatalogueGroup = z.infer<typeof CatalogueGroup>;
export type CatalogueRequirement = z.infer<typeof CatalogueRequirement>;
