// The audit trail table: strictly ordered by `seq`, which follows commit order (see mutation.ts).
import type { Generated, Selectable } from 'kysely';
import type { DB } from '../db/index.js';

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  occurred_at: string;
  actor_type: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** Canonical JSON (RFC 8785) of the entity before and after; null where it did not exist. */
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
}

export type AuditEventRow = Selectable<AuditEventsTable>;

export interface AuditTables {
  audit_events: AuditEventsTable;
}

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filtered(db: DB, f: AuditFilter) {
  let q = db.selectFrom('audit_events');
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  return q;
}

export async function listAuditEvents(
  db: DB,
  f: AuditFilter,
  page: { limit: number; offset: number; order: 'asc' | 'desc' },
): Promise<{ rows: AuditEventRow[]; total: number }> {
  const rows = await filtered(db, f)
    .selectAll()
    .orderBy('seq', page.order)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function getAuditEvent(db: DB, id: string): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAuditEvent(db: DB, row: Omit<AuditEventsTable, 'seq'>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}
