// Identifiers: UUIDv7 (time-ordered) for every row, and random secrets for tokens.
import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** A new UUIDv7; sortable by creation time. */
export const newId = (): string => v7();

/** A URL-safe random secret of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** True for a syntactically valid UUID (any version). */
export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
