// Canonical JSON (RFC 8785, JCS): the byte-stable form audit events are hashed and stored in.
import canonicalize from 'canonicalize';

/** Serialises `value` canonically; `undefined` (absent) becomes `null`. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  return canonicalize(value) ?? 'null';
}
