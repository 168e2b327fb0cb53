// The audit trail table: strictly ordered by `seq`, which follows commit order (see mutation.ts).
// It is also the ledger's outbox: each event carries the commitment the `audit` log appends, and
// the sequencer stages events into the log by giving them a ledger index.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Generated, type Selectable } from 'kysely';
import type { DB } from '../db/index.js';
import { canonicalJson } from './canonical-json.js';

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
  /** 32 random bytes (base64), drawn at insert; with the event's canonical JSON it opens the commitment. */
  ledger_salt: string;
  /** SHA-256(salt ‖ canonical event JSON), base64: the entry the `audit` log holds for this event. */
  ledger_commitment: string;
  /** The event's position in the `audit` log; null until the sequencer stages it. */
  ledger_index: number | null;
}

/** One row per log: its identity, its signing key (sealed with the instance key) and latest checkpoint. */
export interface LedgerLogsTable {
  name: string;
  origin: string;
  signing_key_sealed: string;
  verifier_key: string;
  checkpoint_size: number;
  checkpoint: string | null;
  checkpoint_at: string | null;
  created_at: string;
}

export type AuditEventRow = Selectable<AuditEventsTable>;

export interface AuditTables {
  audit_events: AuditEventsTable;
  ledger_logs: LedgerLogsTable;
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

export async function getAuditEventAt(db: DB, index: number): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_events').selectAll().where('ledger_index', '=', index).executeTakeFirst();
}

export type NewAuditEvent = Omit<AuditEventsTable, 'seq' | 'ledger_salt' | 'ledger_commitment' | 'ledger_index'>;

/** The fields of an event that its commitment covers: everything it says, nothing about where it sits. */
type CommittedFields = Pick<AuditEventsTable, 'id' | 'occurred_at' | 'actor_type' | 'actor_id' | 'actor_label' | 'action' | 'entity_type' | 'entity_id' | 'before_json' | 'after_json' | 'request_id'>;

/**
 * The canonical JSON (RFC 8785) an event's commitment is computed over: exactly the object
 * `{id, occurred_at, actor: {type, id, label}, action, entity_type, entity_id, before, after, request_id}`
 * — the API's event without `seq` and `ledger`. Changing this breaks every existing commitment.
 */
export function auditEventJson(e: CommittedFields): string {
  return canonicalJson({
    id: e.id,
    occurred_at: e.occurred_at,
    actor: { type: e.actor_type, id: e.actor_id, label: e.actor_label },
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    before: e.before_json === null ? null : (JSON.parse(e.before_json) as unknown),
    after: e.after_json === null ? null : (JSON.parse(e.after_json) as unknown),
    request_id: e.request_id,
  });
}

/** SHA-256(salt ‖ UTF-8 of the canonical event JSON): 32 bytes that reveal nothing without the salt. */
export function auditCommitment(salt: Uint8Array, eventJson: string): Buffer {
  return createHash('sha256').update(salt).update(eventJson, 'utf8').digest();
}

/** Inserts an event with a fresh salt and its commitment. */
export async function insertAuditEvent(db: DB, row: NewAuditEvent): Promise<void> {
  const salt = randomBytes(32);
  const commitment = auditCommitment(salt, auditEventJson(row));
  await db
    .insertInto('audit_events')
    .values({ ...row, ledger_salt: salt.toString('base64'), ledger_commitment: commitment.toString('base64'), ledger_index: null })
    .execute();
}

export interface StagedEntry {
  index: number;
  commitment: Buffer;
}

/**
 * Stages up to `max` unsequenced events, oldest commit first, at the indices after the highest one
 * already assigned: one statement, so one transaction. The unique index on `ledger_index` makes a
 * second, concurrent stager fail instead of assigning an index twice.
 */
export async function stageAuditEvents(db: DB, max: number): Promise<StagedEntry[]> {
  const { rows } = await sql<{ ledger_index: number | string; ledger_commitment: string }>`
    update audit_events set ledger_index = s.idx
    from (
      select seq, (select coalesce(max(ledger_index), -1) + 1 from audit_events) + row_number() over (order by seq) - 1 as idx
      from audit_events where ledger_index is null order by seq limit ${max}
    ) s
    where audit_events.seq = s.seq
    returning audit_events.ledger_index, audit_events.ledger_commitment`.execute(db);
  return rows.map((r) => ({ index: Number(r.ledger_index), commitment: Buffer.from(r.ledger_commitment, 'base64') })).sort((a, b) => a.index - b.index);
}

/** The commitments staged at indices `from` (inclusive) to `to` (exclusive), in index order. */
export async function stagedAuditEntries(db: DB, from: number, to: number): Promise<StagedEntry[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['ledger_index', 'ledger_commitment'])
    .where('ledger_index', '>=', from)
    .where('ledger_index', '<', to)
    .orderBy('ledger_index')
    .execute();
  return rows.map((r) => ({ index: Number(r.ledger_index), commitment: Buffer.from(r.ledger_commitment, 'base64') }));
}

/** How many events are staged: the highest assigned index plus one. */
export async function stagedAuditSize(db: DB): Promise<number> {
  const r = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('ledger_index').as('m'))
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
}

/** The newest event committed so far (its `seq`), or 0 when there is none. */
export async function lastAuditSeq(db: DB): Promise<number> {
  const r = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? 0 : Number(r.m);
}

/** Whether any event up to `seq` (any at all without it) still waits to be staged. */
export async function hasUnsequencedAudit(db: DB, upToSeq?: number): Promise<boolean> {
  let q = db.selectFrom('audit_events').select('seq').where('ledger_index', 'is', null);
  if (upToSeq !== undefined) q = q.where('seq', '<=', upToSeq);
  return (await q.orderBy('seq').limit(1).executeTakeFirst()) !== undefined;
}

/** The ledger index of the newest event up to `seq` (-1 when none is staged); indices follow `seq` order. */
export async function lastAuditIndexUpTo(db: DB, seq: number): Promise<number> {
  const r = await db
    .selectFrom('audit_events')
    .select('ledger_index')
    .where('seq', '<=', seq)
    .where('ledger_index', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.ledger_index === null || r?.ledger_index === undefined ? -1 : Number(r.ledger_index);
}
