// Field-by-field comparison of an audit event's before and after, for people to read (not for machines).

export type DiffKind = 'added' | 'removed' | 'changed' | 'same';

export interface DiffRow {
  /** Dotted path into nested objects, e.g. `address.city`; `(value)` when the whole value is not an object. */
  field: string;
  kind: DiffKind;
  /** The value as JSON text; undefined where the field did not exist on that side. */
  before?: string;
  after?: string;
}

/** Values longer than this are cut for display; the raw JSON beneath the table stays complete. */
export const MAX_VALUE_CHARS = 2000;
const MAX_DEPTH = 4;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Flattens nested objects into dotted paths; arrays and deeper values stay whole, as JSON. */
function flatten(v: unknown, prefix: string, depth: number, out: Map<string, string>): void {
  // An empty nested object stays visible as `{}`; an empty top level simply has no fields.
  if (isPlainObject(v) && depth < MAX_DEPTH && (depth === 0 || Object.keys(v).length > 0)) {
    for (const [k, inner] of Object.entries(v)) flatten(inner, prefix ? `${prefix}.${k}` : k, depth + 1, out);
    return;
  }
  out.set(prefix || '(value)', show(v));
}

function show(v: unknown): string {
  const s = JSON.stringify(v, null, isPlainObject(v) || Array.isArray(v) ? 2 : undefined) ?? 'null';
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

/**
 * Rows for every field present before or after, in path order. Creation (no before) shows every
 * field as added; deletion (no after) shows every field as removed.
 */
export function fieldDiff(before: unknown, after: unknown): DiffRow[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, '', 0, b);
  if (after !== null && after !== undefined) flatten(after, '', 0, a);
  const fields = [...new Set([...b.keys(), ...a.keys()])].sort();
  return fields.map((field) => {
    const bv = b.get(field);
    const av = a.get(field);
    const kind: DiffKind = bv === undefined ? 'added' : av === undefined ? 'removed' : bv === av ? 'same' : 'changed';
    return { field, kind, ...(bv !== undefined && { before: bv }), ...(av !== undefined && { after: av }) };
  });
}
