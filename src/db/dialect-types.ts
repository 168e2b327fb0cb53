// Column types that differ by dialect, so migrations can stay dialect-neutral.
import type { Kysely } from 'kysely';
import { dialectOf } from './index.js';

export function autoIncrementPk(db: Kysely<unknown>): 'integer' | 'bigserial' {
  return dialectOf(db) === 'postgres' ? 'bigserial' : 'integer';
}
