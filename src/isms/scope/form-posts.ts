// Reading this area's page input: list URLs, and posted forms: plain fields, repeated rows (`exclusions.0.item`), one-per-line
// lists, and putting the service's field errors back on the inputs they belong to.
import type { z } from 'zod';
import type { FieldError } from '../../core/errors.js';
import { fieldErrors } from '../../core/validation.js';
import { hasControlChars } from '../../core/text.js';
import { t } from '../../web/i18n.js';
import { readListQuery, type ListQuery, type ListQueryOptions } from '../../web/list.js';

type Body = Record<string, string | File | (string | File)[]>;

/** A posted field as a string; a file or a repeated field counts as blank. */
export const postedText = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

/** Blank rows offered after the filled ones, so a few can be added per save without script. */
export const SPARE_ROWS = 2;

/** Rows a form may post at most; more are ignored (the service allows 50 entries). */
export const MAX_FORM_ROWS = 60;

/** Repeated rows named `<prefix>.<n>.<field>`, in index order; rows with none of the fields are skipped. */
export function postedRows<F extends string>(body: Body, prefix: string, fields: readonly F[]): Partial<Record<F, string>>[] {
  const indexes = new Set<number>();
  const re = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`);
  for (const key of Object.keys(body)) {
    const m = re.exec(key);
    if (m && Number(m[1]) < MAX_FORM_ROWS) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(fields.map((f) => [f, postedText(body, `${prefix}.${i}.${f}`)])) as Partial<Record<F, string>>);
}

/** Keeps the entries `keep` accepts, remembering each one's original position. */
export function compact<T>(list: T[], keep: (v: T) => boolean): { items: T[]; at: number[] } {
  const items: T[] = [];
  const at: number[] = [];
  list.forEach((v, i) => {
    if (keep(v)) {
      items.push(v);
      at.push(i);
    }
  });
  return { items, at };
}

export interface ErrorPlaces {
  /** For one-per-line lists: the original line index of each kept entry. */
  lists?: Record<string, number[]>;
  /** For repeated rows (re-rendered compacted, so indexes stay): the field an error on a whole row goes to. */
  rows?: Record<string, { first: string }>;
}

/**
 * Moves errors from the service's paths onto the form: `org_units.3` becomes an error on the
 * `org_units` text area that names its line; `exclusions.2` (a duplicate) goes to the row's first field.
 * Messages are translated here, since line numbers are added to them.
 */
export function remapErrors(errors: FieldError[], places: ErrorPlaces): FieldError[] {
  return errors.map((e) => {
    const [head, index, field] = e.field.split('.');
    const lines = head ? places.lists?.[head] : undefined;
    if (lines && index !== undefined) {
      const line = (lines[Number(index)] ?? Number(index)) + 1;
      return { field: head!, message: t('scope.form.lineError', { n: line, message: t(e.message) }) };
    }
    const row = head ? places.rows?.[head] : undefined;
    if (row && index !== undefined && field === undefined) return { field: `${head}.${index}.${row.first}`, message: t(e.message) };
    return { field: e.field, message: t(e.message) };
  });
}

/**
 * A list page's state from its URL. Hand-edited filters that cannot match (a value outside its
 * set, control characters, which PostgreSQL refuses in text) are dropped rather than refused.
 */
export function listQuery<S extends string>(url: string, o: ListQueryOptions<S>, allowed: Record<string, readonly string[]>): ListQuery<S> {
  const q = readListQuery(url, o);
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || (allowed[k] && !allowed[k].includes(v))) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

/** Every field error `schema` finds in `value`, so a form can show them beside its own checks. */
export function schemaErrors(schema: z.ZodType, value: unknown): FieldError[] {
  const r = schema.safeParse(value);
  return r.success ? [] : fieldErrors(r.error);
}
