// Contains-search over a lower-cased `search_key` column, the same way on SQLite and PostgreSQL.
import { sql, type RawBuilder } from 'kysely';

/**
 * The LIKE pattern for "contains `s`": wildcards people type (`%`, `_`, `\`) stay literal, the text
 * is NFC-normalised and lower-cased like the stored keys, and NUL (which PostgreSQL refuses in a
 * parameter and no stored text holds) is dropped.
 */
export const likeContains = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- NUL is the point
  `%${s.replace(/\u0000/g, '').normalize('NFC').toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A where-condition: `column` contains what the person typed, case-insensitively. */
export const containsText = (column: string, s: string): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} like ${likeContains(s)} escape '\\'`;

/** The value to store in a `search_key` column: the searchable fields, joined, NFC, lower-cased. */
export const searchKeyOf = (...parts: (string | null | undefined)[]): string =>
  parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .join(' ')
    .normalize('NFC')
    .toLowerCase();
