// The audit trail in the verified ledger: a salt, a commitment and a ledger index per event, and
// the state of each log (its sealed signing key, its latest checkpoint).
// Frozen: never edit after release; add a new migration instead.
import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql, type Kysely } from 'kysely';

// The commitment as the application defines it (src/core/audit-repo.ts, docs/ledger.md), written
// out here because a migration never imports application code: SHA-256(salt ‖ canonical JSON).
function commitment(r: Record<string, unknown>, salt: Buffer): Buffer {
  const parse = (s: unknown) => (typeof s === 'string' ? (JSON.parse(s) as unknown) : null);
  const event = {
    id: r.id,
    occurred_at: r.occurred_at,
    actor: { type: r.actor_type, id: r.actor_id ?? null, label: r.actor_label },
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    before: parse(r.before_json),
    after: parse(r.after_json),
    request_id: r.request_id ?? null,
  };
  return createHash('sha256').update(salt).update(canonicalize(event) ?? 'null', 'utf8').digest();
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  await db.schema
    .alterTable('audit_events')
    .addColumn('ledger_salt', 'text')
    .execute();
  await db.schema.alterTable('audit_events').addColumn('ledger_commitment', 'text').execute();
  await db.schema
    .alterTable('audit_events')
    .addColumn('ledger_index', postgres ? 'bigint' : 'integer')
    .execute();

  // Events recorded before the ledger existed get their salt and commitment now; the sequencer
  // then appends them first, in commit order, like any other event.
  for (;;) {
    const rows: Record<string, unknown>[] = await db.selectFrom('audit_events').selectAll().where('ledger_salt', 'is', null).orderBy('seq').limit(500).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const salt = randomBytes(32);
      await db
        .updateTable('audit_events')
        .set({ ledger_salt: salt.toString('base64'), ledger_commitment: commitment(r, salt).toString('base64') })
        .where('seq', '=', r.seq)
        .execute();
    }
  }

  // One event per index, whoever stages it: a second writer fails here instead of forking the log.
  await db.schema.createIndex('audit_events_ledger_index').unique().on('audit_events').column('ledger_index').execute();
  // The outbox: the sequencer reads unsequenced events in commit order through this small index.
  await db.schema
    .createIndex('audit_events_unsequenced')
    .on('audit_events')
    .column('seq')
    .where(sql.ref('ledger_index'), 'is', null)
    .execute();

  await db.schema
    .createTable('ledger_logs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    // The log's private key (a C2SP PRIVATE+KEY string), sealed with the instance secret key.
    .addColumn('signing_key_sealed', 'text', (c) => c.notNull())
    .addColumn('verifier_key', 'text', (c) => c.notNull())
    .addColumn('checkpoint_size', postgres ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checkpoint', 'text')
    .addColumn('checkpoint_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_logs').execute();
  await db.schema.dropIndex('audit_events_unsequenced').execute();
  await db.schema.dropIndex('audit_events_ledger_index').execute();
  for (const c of ['ledger_index', 'ledger_commitment', 'ledger_salt']) await db.schema.alterTable('audit_events').dropColumn(c).execute();
}
