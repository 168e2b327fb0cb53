// Shapes of the people directory: inputs (create, update, list, import) and the presented person.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { emailSchema } from '../../auth/users-service.js';
import { PERSON_STATUSES, type PersonRow } from './repo.js';

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds their Finnish
 * translations in messages.ts (the English text is the key, so the API stays readable).
 */
export const MSG = {
  nameRequired: 'Enter a name.',
  tooLong: 'Use at most 200 characters.',
  control: 'Control characters are not allowed.',
  email: 'Enter an email address such as name@example.com.',
  emailTaken: 'A person with this email already exists.',
  date: 'Use a date in the form YYYY-MM-DD, e.g. 2026-11-25.',
  status: 'Status must be active, leaving or left.',
  managerId: 'Choose a manager from the directory.',
  managerMissing: 'No person with this id is in the directory.',
  managerSelf: 'A person cannot be their own manager.',
  managerCycle: 'This manager reports, directly or through others, to this person.',
  leavingNeedsEnd: 'A leaving person needs an end date.',
  leftNeedsEnd: 'A person who has left needs an end date.',
  leftEndFuture: 'The end date of a person who has left cannot be in the future; use status leaving.',
  endBeforeStart: 'The end date cannot be before the start date.',
  managerEmailMissing: 'No person with this email is in the file or the directory.',
  duplicateEmail: 'This email appears on an earlier row of the file.',
} as const;

/** Required single-line text: trimmed, NFC-normalised, at most 200 characters. */
export const personName = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MSG.nameRequired).max(200, MSG.tooLong).refine((s) => !hasControlChars(s), MSG.control));

/** Optional single-line text; blank becomes null. */
export const optionalText = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().max(200, MSG.tooLong).refine((s) => !hasControlChars(s), MSG.control))
  .transform((s) => (s === '' ? null : s))
  .nullable();

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export const isoDate = z
  .string()
  .trim()
  .refine((s) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, MSG.date);

const optionalDate = z
  .union([isoDate, z.literal('')])
  .transform((s) => (s === '' ? null : s))
  .nullable();

const personEmail = z.string({ message: MSG.email }).pipe(emailSchema);
const status = z.enum(PERSON_STATUSES, { message: MSG.status });
const managerId = z
  .string()
  .trim()
  .refine((s) => s === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), MSG.managerId)
  .transform((s) => (s === '' ? null : s.toLowerCase()))
  .nullable();

export const NewPersonInput = z.strictObject({
  name: personName,
  email: personEmail,
  title: optionalText.optional(),
  department: optionalText.optional(),
  manager_id: managerId.optional().describe('Id of the person’s manager; null for none'),
  status: status.default('active'),
  start_date: optionalDate.optional().describe('YYYY-MM-DD'),
  end_date: optionalDate.optional().describe('YYYY-MM-DD; required when status is leaving or left'),
});
export type NewPersonInput = z.input<typeof NewPersonInput>;

/** A partial update: absent fields stay, null clears an optional field. */
export const PersonPatch = z.strictObject({
  name: personName.optional(),
  email: personEmail.optional(),
  title: optionalText.optional(),
  department: optionalText.optional(),
  manager_id: managerId.optional(),
  status: status.optional(),
  start_date: optionalDate.optional(),
  end_date: optionalDate.optional(),
});
export type PersonPatch = z.input<typeof PersonPatch>;

export const PersonOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  manager_id: z.string().nullable(),
  status: z.enum(PERSON_STATUSES),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PersonOut = z.infer<typeof PersonOut>;

/** The public shape of a person; also what the audit trail stores as before and after. */
export function presentPerson(r: Omit<PersonRow, 'search_key'>): PersonOut {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    title: r.title,
    department: r.department,
    manager_id: r.manager_id,
    status: r.status,
    start_date: r.start_date,
    end_date: r.end_date,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Person ids are UUIDs; anything else cannot name a person (and never reaches the database). */
export const isPersonId = (s: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(s);

export const PEOPLE_SORTS = ['name', 'email', 'department', 'status', 'start_date'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

// Filters never carry control characters: PostgreSQL refuses NUL in text outright.
const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), MSG.control);

/** Filters shared by the list and the CSV export. */
export const PeopleFilter = z.object({
  q: filterText(200).optional().describe('Name or email contains (case-insensitive)'),
  department: filterText(200).optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  manager_id: filterText(64).optional(),
  sort: z.enum(PEOPLE_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type PeopleFilter = z.output<typeof PeopleFilter>;

export const PeopleQuery = PeopleFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type PeopleQuery = z.output<typeof PeopleQuery>;

export const PeopleList = z.object({
  items: z.array(PersonOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const MISSING_MODES = ['ignore', 'mark_left'] as const;
export type MissingMode = (typeof MISSING_MODES)[number];

export const ImportQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('true').describe('true (the default) only reports what would change').transform((v) => v === 'true'),
  missing: z
    .enum(MISSING_MODES)
    .default('ignore')
    .describe('What to do with active or leaving people absent from the file: report them (ignore) or mark them left today (mark_left)'),
});

const cell = z.string().nullable();
export const ImportRowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportResult = z.object({
  dry_run: z.boolean(),
  applied: z.boolean().describe('True when the changes were written'),
  missing: z.enum(MISSING_MODES),
  summary: z.object({
    rows: z.number().int(),
    joins: z.number().int(),
    changes: z.number().int(),
    unchanged: z.number().int(),
    leaves: z.number().int(),
    errors: z.number().int(),
  }),
  joins: z.array(
    z.object({
      row: z.number().int(),
      name: z.string(),
      email: z.string(),
      title: cell,
      department: cell,
      manager_email: cell,
      status: z.enum(PERSON_STATUSES),
      start_date: cell,
      end_date: cell,
    }),
  ),
  changes: z.array(
    z.object({
      row: z.number().int(),
      id: z.string(),
      name: z.string(),
      email: z.string(),
      fields: z.array(z.object({ field: z.string(), before: cell, after: cell })),
    }),
  ),
  leaves: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      status: z.enum(PERSON_STATUSES),
      end_date: cell.describe('The end date the person gets when marked left'),
      action: z.enum(['report', 'mark_left']).describe('mark_left: marked left by this import; report: listed only'),
    }),
  ),
  errors: z.array(ImportRowError).describe('Per-row problems; row is the line in the file where the row starts (the header is line 1)'),
});
export type ImportResult = z.infer<typeof ImportResult>;
