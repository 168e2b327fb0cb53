// Shapes of interested parties and their requirements (ISO/IEC 27001 4.2): inputs, output, list filters.
import { z } from 'zod';
import { filterText, Limit, line, MAX_ENTRIES, MSG, Offset, optionalText, SortDir, text } from './fields.js';
import { PARTY_CATEGORIES } from './tables.js';

export const PartyRequirement = z.strictObject({
  requirement: text().describe('What the party needs or expects that bears on information security'),
  how_addressed: optionalText().optional().describe('How the organisation meets it'),
  through_isms: z.boolean({ message: MSG.throughIsms }).describe('True when the ISMS addresses it (ISO/IEC 27001 4.2 c); false when it is met elsewhere'),
});
export type PartyRequirement = z.output<typeof PartyRequirement>;

const requirements = z.array(PartyRequirement).max(MAX_ENTRIES, MSG.tooMany);
const category = z.enum(PARTY_CATEGORIES, { message: MSG.partyCategory });

export const NewParty = z.strictObject({
  name: line(),
  category,
  description: optionalText().optional().describe('Who the party is and how the organisation relates to it'),
  requirements: requirements.default([]),
});
export type NewParty = z.input<typeof NewParty>;

/** A partial update: absent fields stay; `requirements` replaces the whole list. */
export const PartyPatch = z.strictObject({
  name: line().optional(),
  category: category.optional(),
  description: optionalText().optional(),
  requirements: requirements.optional(),
});
export type PartyPatch = z.input<typeof PartyPatch>;

export const PartyOut = z.object({
  id: z.string(),
  ref: z.string(),
  name: z.string(),
  category: z.enum(PARTY_CATEGORIES),
  description: z.string().nullable(),
  requirements: z.array(z.object({ requirement: z.string(), how_addressed: z.string().nullable(), through_isms: z.boolean() })),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PartyOut = z.infer<typeof PartyOut>;

export const PARTY_SORTS = ['ref', 'name', 'category', 'updated_at'] as const;
export type PartySort = (typeof PARTY_SORTS)[number];

export const PartyFilter = z.object({
  q: filterText().optional().describe('Reference, name, description or a requirement contains (case-insensitive)'),
  category: category.optional(),
  sort: z.enum(PARTY_SORTS).default('ref'),
  dir: SortDir,
});
export type PartyFilter = z.output<typeof PartyFilter>;

export const PartyQuery = PartyFilter.extend({ limit: Limit, offset: Offset });
export type PartyQuery = z.output<typeof PartyQuery>;

export const PartyList = z.object({ items: z.array(PartyOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
