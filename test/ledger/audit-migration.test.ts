// Upgrading a database with an audit trail: events recorded before the ledger get a salt and commitment, then enter the log first.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { auditCommitment, auditEventJson } from '../../src/core/audit-repo.js';
import { openStore } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { bootInstance } from './instance.js';

const BEFORE_LEDGER = '2026-11-26-0001-people-search';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe.each(dialects())('the ledger migration on %s', (dialect) => {
  let db: TestDatabase;

  it('gives old events a salt and the commitment the application computes, and the sequencer appends them in commit order', async () => {
    db = await freshDatabase(dialect);
    cleanup.push(() => db.drop());
    const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    const provider: MigrationProvider = { getMigrations: async () => migrations as Record<string, Migration> };
    const migrator = new Migrator({ db: store.db, provider, migrationTableName: 'kilpi_migrations', migrationLockTableName: 'kilpi_migrations_lock' });
    expect((await migrator.migrateTo(BEFORE_LEDGER)).error).toBeUndefined();
    // The trail as the foundation wrote it, including awkward content.
    const legacy = [
      { id: 'e-1', before_json: null, after_json: '{"name":"Äijä","n":1e21}', request_id: 'r-1', actor_id: 'u-1', actor_type: 'user' },
      { id: 'e-2', before_json: '{"a":[1,2,{"b":null}]}', after_json: null, request_id: null, actor_id: null, actor_type: 'system' },
      { id: 'e-3', before_json: null, after_json: '"just a string \\u2028"', request_id: null, actor_id: 't-1', actor_type: 'token' },
    ];
    for (const [k, e] of legacy.entries()) {
      await store.db
        .insertInto('audit_events' as never)
        .values({ ...e, occurred_at: `2026-11-2${k}T10:00:00.000Z`, actor_label: `Actor ${k}`, action: 'legacy.touch', entity_type: 'legacy', entity_id: `x-${k}` } as never)
        .execute();
    }
    await migrateToLatest(store.db);
    const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    await store.close();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(Buffer.from(r.ledger_salt, 'base64')).toHaveLength(32);
      expect(r.ledger_commitment).toBe(auditCommitment(Buffer.from(r.ledger_salt, 'base64'), auditEventJson(r)).toString('base64'));
      expect(r.ledger_index).toBeNull();
    }

    const i = await bootInstance(db);
    cleanup.push(() => i.close());
    i.ledger.start();
    await i.record(2);
    await i.ledger.settleAudit(i.ctx.db);
    const after = await i.ctx.db.selectFrom('audit_events').select(['id', 'ledger_index']).orderBy('seq').execute();
    expect(after.map((r) => [r.id.startsWith('e-') ? r.id : 'new', r.ledger_index])).toEqual([
      ['e-1', 0],
      ['e-2', 1],
      ['e-3', 2],
      ['new', 3],
      ['new', 4],
    ]);
    const log = i.ledger.audit;
    expect((await verifyLog({ source: log.storage, verifiers: [log.verifier] })).entries).toBe(5);
  });
});
