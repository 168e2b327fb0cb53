// Field rules every scope, context and objectives input shares, and the domain messages they give.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds their Finnish
 * translations in messages.ts (the English text is the key, so the API stays readable).
 */
export const MSG = {
  required: 'Fill in this field.',
  textType: 'Enter text.',
  tooLongShort: 'Use at most 200 characters.',
  tooLongText: 'Use at most 4,000 characters.',
  tooLongStatement: 'Use at most 8,000 characters.',
  tooLongUnit: 'Use at most 20 characters.',
  control: 'Control characters are not allowed.',
  date: 'Use a date in the form YYYY-MM-DD, e.g. 2026-11-25.',
  dateRange: 'Use a date between 2000-01-01 and 2100-12-31.',
  reviewedFuture: 'The last review cannot be in the future.',
  nextBeforeLast: 'The next review must come after the last review.',
  tooMany: 'Use at most 50 entries.',
  duplicate: 'This entry appears more than once.',
  justification: 'Give the reason for leaving this out of the scope.',
  interfaceKind: 'Choose interface or dependency.',
  version: 'Someone else changed the scope since you opened it. Reload to see their changes, then make yours again.',
  kind: 'Choose internal or external.',
  issueCategory: 'Choose a category from the list.',
  riskId: 'Choose risks from the risk register.',
  riskMissing: 'No risk with this id is in the register.',
  riskRefMissing: 'No risk with this reference is in the register.',
  partyCategory: 'Choose a kind of party from the list.',
  partyNameTaken: 'An interested party with this name already exists.',
  throughIsms: 'Say whether the requirement is addressed through the ISMS (true or false).',
  number: 'Enter a number, e.g. 95 or 2.5.',
  numberRange: 'Use a number between −1,000,000,000 and 1,000,000,000.',
  direction: 'Choose whether higher or lower values are better.',
  ownerId: 'Choose an owner from the people directory.',
  ownerMissing: 'No person with this id is in the directory.',
  measuredFuture: 'A measurement cannot be dated in the future.',
} as const;

export const SHORT = 200;
export const TEXT = 4000;
export const STATEMENT = 8000;
export const MAX_ENTRIES = 50;

/** Control characters other than line breaks and tabs, which multi-line text may hold. */
const hasBadControl = (s: string, multiline: boolean) => hasControlChars(multiline ? s.replace(/[\n\t]/g, ' ') : s);

const maxMessage = (max: number) => (max === SHORT ? MSG.tooLongShort : max === STATEMENT ? MSG.tooLongStatement : max === 20 ? MSG.tooLongUnit : MSG.tooLongText);

function cleaned(max: number, multiline: boolean) {
  return z
    .string({ message: MSG.textType })
    .transform((s) => {
      const n = s.normalize('NFC');
      // Line ends become \n and trailing spaces go, so the same text always compares equal.
      return (multiline ? n.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n') : n).trim();
    })
    .pipe(
      z
        .string()
        .max(max, maxMessage(max))
        .refine((s) => !hasBadControl(s, multiline), MSG.control),
    );
}

/** Required single-line text. */
export const line = (max = SHORT) => cleaned(max, false).pipe(z.string().min(1, MSG.required));
/** Required text that may span lines; `blank` is the message when it is empty. */
export const text = (max = TEXT, blank: string = MSG.required) => cleaned(max, true).pipe(z.string().min(1, blank));
/** Optional text (single- or multi-line); blank and null become null. */
export const optionalText = (max = TEXT, multiline = true) =>
  cleaned(max, multiline)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** A calendar date YYYY-MM-DD that exists, between 2000 and 2100. */
export const isoDate = z
  .string({ message: MSG.date })
  .trim()
  .refine((s) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, MSG.date)
  .refine((s) => s >= '2000-01-01' && s <= '2100-12-31', MSG.dateRange);

/** An optional date; blank and null become null. */
export const optionalDate = z
  .union([z.literal(''), isoDate], { message: MSG.date })
  .transform((s) => (s === '' ? null : s))
  .nullable();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a record (and never reaches the database). */
export const isRecordId = (s: string): boolean => UUID.test(s);

/** A person's id, for owners. */
export const personId = z
  .string({ message: MSG.ownerId })
  .trim()
  .refine((s) => UUID.test(s), MSG.ownerId)
  .transform((s) => s.toLowerCase());

/** Numbers as JSON numbers, or as text from a form ("95", "2.5", "2,5", "−3"). */
export const numberValue = z
  .union([z.number(), z.string()], { message: MSG.number })
  .transform((v, ctx) => {
    const n = typeof v === 'number' ? v : parseLocaleNumber(v);
    if (n === null || !Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: MSG.number });
      return z.NEVER;
    }
    if (Math.abs(n) > 1e9) {
      ctx.addIssue({ code: 'custom', message: MSG.numberRange });
      return z.NEVER;
    }
    return n;
  });

/** Reads "95", "2.5", "2,5", "-3", "1 000" (spaces as thousands separators); null for anything else. */
export function parseLocaleNumber(raw: string): number | null {
  const s = raw.trim().replace(/[\u2212\u2012\u2013]/g, '-').replace(/[\s\u00a0\u202f]/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(s) || s.length > 30) return null;
  return Number(s.replace(',', '.'));
}

/** A list of at most 50 entries with no duplicate (by `key`, case-insensitive): errors name the entry. */
export function uniqueList<T extends z.ZodType>(item: T, key: (v: z.output<T>) => string) {
  return z
    .array(item)
    .max(MAX_ENTRIES, MSG.tooMany)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((v, i) => {
        const k = key(v).toLowerCase();
        if (seen.has(k)) ctx.addIssue({ code: 'custom', message: MSG.duplicate, path: [i] });
        seen.add(k);
      });
    });
}

/** Filters never carry control characters: PostgreSQL refuses NUL in text outright. */
export const filterText = (max = SHORT) => z.string().max(max).refine((s) => !hasControlChars(s), MSG.control);

export const SortDir = z.enum(['asc', 'desc']).default('asc');
export const Limit = z.coerce.number().int().min(1).max(500).default(50);
export const Offset = z.coerce.number().int().min(0).max(10_000_000).default(0);
