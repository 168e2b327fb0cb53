// Shapes of the ISMS scope statement (ISO/IEC 27001 4.3): what a save sends and what a read answers.
import { z } from 'zod';
import { line, MSG, optionalDate, STATEMENT, text, uniqueList } from './fields.js';
import { REVIEW_STATUSES } from './status.js';
import { INTERFACE_KINDS } from './tables.js';

/** The one scope statement's id, also its audit trail entity id. */
export const SCOPE_ID = 'isms-scope';

const names = () => uniqueList(line(), (s) => s).default([]);

export const Exclusion = z.strictObject({
  item: line().describe('What is left out of the scope'),
  justification: text(undefined, MSG.justification).describe('Why leaving it out does not weaken the ISMS'),
});
export type Exclusion = z.output<typeof Exclusion>;

export const ScopeInterface = z.strictObject({
  party: line().describe('The outside party, e.g. the cloud provider or a card scheme'),
  kind: z.enum(INTERFACE_KINDS, { message: MSG.interfaceKind }).describe('interface: information or a process crosses the boundary; dependency: the ISMS relies on the party'),
  description: text().describe('What crosses the boundary, or what the ISMS relies on'),
});
export type ScopeInterface = z.output<typeof ScopeInterface>;

export const ScopeInput = z.strictObject({
  statement: text(STATEMENT).describe('The scope statement in words: what the ISMS covers and why'),
  org_units: names().describe('Organisational units in scope'),
  locations: names().describe('Locations in scope (offices, cloud regions)'),
  services: names().describe('Services in scope'),
  systems: names().describe('Systems in scope'),
  exclusions: uniqueList(Exclusion, (e) => e.item).default([]).describe('What is left out, each with its justification'),
  interfaces: uniqueList(ScopeInterface, (i) => `${i.party}\u0000${i.kind}`).default([]).describe('Interfaces with and dependencies on outside parties'),
  last_reviewed: optionalDate.optional().describe('YYYY-MM-DD; not in the future'),
  next_review: optionalDate.optional().describe('YYYY-MM-DD; after the last review'),
  expected_version: z
    .number({ message: 'Use the version number the statement had when you read it.' })
    .int()
    .min(0)
    .optional()
    .describe('The version you edited; a newer version on the server answers 409 instead of overwriting it'),
});
export type ScopeInput = z.input<typeof ScopeInput>;

export const ScopeOut = z.object({
  statement: z.string(),
  org_units: z.array(z.string()),
  locations: z.array(z.string()),
  services: z.array(z.string()),
  systems: z.array(z.string()),
  exclusions: z.array(z.object({ item: z.string(), justification: z.string() })),
  interfaces: z.array(z.object({ party: z.string(), kind: z.enum(INTERFACE_KINDS), description: z.string() })),
  last_reviewed: z.string().nullable(),
  next_review: z.string().nullable(),
  review: z
    .object({
      status: z.enum(REVIEW_STATUSES),
      days_left: z.number().int().nullable().describe('Days until the next review; negative when it is overdue'),
    })
    .describe('Computed from next_review and today in the organisation’s time zone'),
  version: z.number().int().describe('0 until the statement is first saved'),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type ScopeOut = z.infer<typeof ScopeOut>;

/** The stored statement as the audit trail keeps it: without the computed review clock. */
export type ScopeRecord = Omit<ScopeOut, 'review'>;
