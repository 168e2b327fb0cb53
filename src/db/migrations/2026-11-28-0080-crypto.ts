// Crypto: the area's own tables (being built).
// Frozen: never edit after release; add a new migration instead.
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
