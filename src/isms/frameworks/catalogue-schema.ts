// The shape of a framework catalogue file in content/frameworks/*.json. Catalogues are written by
// us: identifiers and short titles from the source, paraphrases in our own words, never its text.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';

/** Framework ids: lower-case slugs such as `iso27001-2022` or `pci-dss-4.0.1`. */
export const FrameworkId = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'a lower-case slug: letters, digits, dots and hyphens');

/** A requirement identifier inside its framework: `A.8.13`, `6.1.2`, `Art.32`, `Art.32(1)`, `9.4.1`. */
export const RequirementRef = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.()-]*$/, 'letters, digits, dots, hyphens and parentheses');

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Control characters in catalogue text are a sign of a broken or hostile file.
    .refine((s) => !hasControlChars(s), 'no control characters');

export const REQUIREMENT_KINDS = ['clause', 'control', 'article', 'requirement', 'section'] as const;

export const CatalogueGroup = z.strictObject({
  id: z.string().min(1).max(40),
  title: Text(200),
});

export const CatalogueRequirement = z.strictObject({
  ref: RequirementRef,
  title: Text(200),
  kind: z.enum(REQUIREMENT_KINDS),
  /** The group (theme, chapter) the requirement belongs to; must name one of `groups`. */
  group: z.string().min(1).max(40).nullable().optional(),
  /** A parent requirement's ref in the same catalogue (e.g. `9.4` for `9.4.1`). */
  parent: RequirementRef.nullable().optional(),
  /** Our one- or two-sentence paraphrase. */
  paraphrase: Text(1000),
  /** Vocabulary values, e.g. ISO 27002 attributes: `{ "control_type": ["preventive"] }`. */
  attributes: z.record(z.string().max(60), z.array(z.string().max(80)).max(20)).optional(),
});

export const Catalogue = z.strictObject({
  id: FrameworkId,
  name: Text(200),
  version: Text(40),
  /** Where the identifiers come from: the official publication, with a URL. */
  source: Text(500),
  publisher: Text(200).optional(),
  description: Text(2000).optional(),
  groups: z.array(CatalogueGroup).max(200),
  requirements: z.array(CatalogueRequirement).min(1).max(5000),
});

export type Catalogue = z.infer<typeof Catalogue>;
export type CatalogueRequirement = z.infer<typeof CatalogueRequirement>;
