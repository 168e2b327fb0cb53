// The durable sequencer: audit events reach the log in commit order, checkpoints are rate-limited, one writer per log, restarts resume.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { auditCommitment, auditEventJson, stageAuditEvents } from '../../src/core/audit-repo.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { consistencyProof, leafHash, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.js';
import { tileHashReader } from '../../src/ledger/tiles.js';
import { tileFetcher } from '../../src/ledger/storage.js';
import { verifyLog } from '../../src/ledger/verify.js';
import { dialects, freshDatabase, type TestDatabase } from '../helpers/db.js';
import { auditDir, bootInstance, FAST, freshInstance, RecordingStorage, type Instance } from './instance.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function fresh(dialect: Parameters<typeof freshInstance>[0], opts: Parameters<typeof freshInstance>[1] = {}) {
  const i = await freshInstance(dialect, opts);
  cleanup.push(() => i.close());
  return i;
}

async function onDb(db: TestDatabase, opts: Parameters<typeof bootInstance>[1] = {}): Promise<Instance> {
  const i = await bootInstance(db, opts);
  cleanup.push(() => i.close());
  return i;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-seq-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the sequencer has opened the log (its first checkpoint is stored). */
const opened = (i: Instance) => until(async () => (await i.ledger.audit.latest()) !== null);

async function rows(i: Instance) {
  return i.booted.services.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
}

describe.each(dialects())('the sequencer on %s', (dialect) => {
  it('appends every audit event in commit order as its commitment, covered by a signed checkpoint the whole log verifies under', async () => {
    const i = await fresh(dialect);
    i.ledger.start();
    await i.record(300);
    await i.ledger.settleAudit(i.ctx.db);
    const all = await rows(i);
    expect(all.map((r) => r.ledger_index)).toEqual(all.map((_, k) => k));
    const log = i.ledger.audit;
    const latest = (await log.latest())!;
    expect(latest.checkpoint.size).toBe(300);
    expect(latest.checkpoint.origin).toBe('kilpi.local/audit');
    const result = await verifyLog({ source: log.storage, verifiers: [log.verifier], origin: log.origin });
    expect(result.entries).toBe(300);
    for (const k of [0, 1, 255, 256, 299]) {
      const r = all[k]!;
      // The entry is SHA-256(salt ‖ canonical event JSON) and nothing else: the log reveals no content.
      const entry = await log.entry(k, 300);
      expect(entry.toString('base64')).toBe(r.ledger_commitment);
      expect(auditCommitment(Buffer.from(r.ledger_salt, 'base64'), auditEventJson(r)).equals(entry)).toBe(true);
      expect(entry.includes(Buffer.from('thing'))).toBe(false);
      verifyInclusion(leafHash(entry), k, 300, await log.inclusion(k, 300, 300), latest.checkpoint.rootHash);
    }
    // The database records what storage holds, for other instances and the pages.
    expect((await log.recorded()).size).toBe(300);
  });

  it('gives each event its own random salt, so equal events have different commitments', async () => {
    const i = await fresh(dialect);
    await i.record(3);
    const all = await rows(i);
    expect(new Set(all.map((r) => r.ledger_salt)).size).toBe(3);
    expect(all.every((r) => Buffer.from(r.ledger_salt, 'base64').length === 32 && Buffer.from(r.ledger_commitment, 'base64').length === 32)).toBe(true);
    expect(new Set(all.map((r) => r.ledger_commitment)).size).toBe(3);
    expect(all.every((r) => r.ledger_index === null)).toBe(true);
  });

  it('signs at most one checkpoint per interval while the tree grows, and covers every batch in the next one', async () => {
    const storage = RecordingStorage.fs(tempDir());
    const i = await fresh(dialect, { tuning: { ...FAST, checkpointIntervalMs: 200 }, storage: () => storage });
    i.ledger.start();
    // Commit until three checkpoints were signed (about 0.6 s on a quiet machine); a loaded machine
    // only takes longer, and the deadline stops a sequencer that never signs.
    const deadline = performance.now() + 20_000;
    const signed = () => storage.checkpointWrites.filter((w) => w.size > 0).length;
    let n = 0;
    while (signed() < 3 && performance.now() < deadline) {
      n += (await i.record(5)).length;
      // Let timers run between commits, as a server does between requests (better-sqlite3 never yields).
      await new Promise((r) => setImmediate(r));
    }
    await i.ledger.settleAudit(i.ctx.db);
    const writes = storage.checkpointWrites.filter((w) => w.size > 0);
    expect(writes.length).toBeGreaterThanOrEqual(3);
    // Far fewer checkpoints than commits: commits within an interval share one.
    expect(writes.length).toBeLessThan(n / 5);
    for (let k = 1; k < writes.length; k++) expect(writes[k]!.at - writes[k - 1]!.at).toBeGreaterThanOrEqual(195);
    // Sizes only grow.
    for (let k = 1; k < writes.length; k++) expect(writes[k]!.size).toBeGreaterThan(writes[k - 1]!.size);
    expect(writes.at(-1)!.size).toBe(n);
  });

  it('wakes at once after a commit in this process, without waiting for its poll', async () => {
    const i = await fresh(dialect, { tuning: { checkpointIntervalMs: 50, pollMs: 60_000, lockRetryMs: 100 } });
    i.ledger.start();
    await opened(i);
    await new Promise((r) => setTimeout(r, 200)); // the loop is asleep now, for a minute
    const started = performance.now();
    const [id] = await i.record(1);
    const { index, size } = await i.ledger.waitForAuditEvent(i.ctx.db, id!, 5000);
    expect(index).toBe(0);
    expect(size).toBe(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('integrates a batch staged before a crash, and events committed while it was down', async () => {
    const db = await freshDatabase(dialect);
    cleanup.push(() => db.drop());
    const a = await bootInstance(db);
    a.ledger.start();
    await a.record(10);
    await a.ledger.settleAudit(a.ctx.db);
    const before = (await a.ledger.audit.latest())!;
    await a.close();
    // Down: events are committed (by a command, say) and a batch was staged but never integrated.
    const b = await onDb(db);
    await b.record(20);
    expect((await stageAuditEvents(b.ctx.db, 7)).map((e) => e.index)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    b.ledger.start();
    await b.ledger.settleAudit(b.ctx.db);
    const log = b.ledger.audit;
    const after = (await log.latest())!;
    expect(after.checkpoint.size).toBe(30);
    await verifyLog({ source: log.storage, verifiers: [log.verifier], from: before.note });
    const proof = await consistencyProof(10, 30, tileHashReader(30, tileFetcher(log.storage)));
    verifyConsistency(10, 30, proof, before.checkpoint.rootHash, after.checkpoint.rootHash);
  });

  it('recovers from a storage failure part-way through a batch or at the checkpoint, losing nothing', async () => {
    const storage = RecordingStorage.fs(tempDir());
    const i = await fresh(dialect, { storage: () => storage });
    i.ledger.start();
    await i.record(3);
    await i.ledger.settleAudit(i.ctx.db);
    storage.failPutAll = 1;
    await i.record(300);
    await i.ledger.settleAudit(i.ctx.db);
    storage.failCheckpoint = 2;
    await i.record(5);
    await i.ledger.settleAudit(i.ctx.db);
    const log = i.ledger.audit;
    const r = await verifyLog({ source: log.storage, verifiers: [log.verifier] });
    expect(r.entries).toBe(308);
    expect(storage.failPutAll + storage.failCheckpoint).toBe(0);
  });

  it('has one writer per log: a second instance on the same database hands its events over, then takes over when the first stops', async () => {
    const db = await freshDatabase(dialect);
    cleanup.push(() => db.drop());
    const a = await bootInstance(db);
    const b = await onDb(db);
    a.ledger.start();
    await opened(a);
    await a.record(1);
    await a.ledger.settleAudit(a.ctx.db);
    b.ledger.start();
    // b's events reach the log through the table; b learns of the checkpoint through the database.
    const ids = await b.record(3);
    const covered = await b.ledger.waitForAuditEvent(b.ctx.db, ids[2]!, 10_000);
    expect(covered.index).toBe(3);
    expect(a.ledger.audit.sequencer.status.writer).toBe(true);
    expect(b.ledger.audit.sequencer.status.writer).toBe(false);
    const first = (await a.ledger.audit.latest())!;
    await a.close();
    await b.record(2);
    await b.ledger.settleAudit(b.ctx.db);
    expect(b.ledger.audit.sequencer.status.writer).toBe(true);
    const log = b.ledger.audit;
    const r = await verifyLog({ source: log.storage, verifiers: [log.verifier], from: first.note });
    expect(r.entries).toBe(6);
    // Both instances signed with the one key kept in the database.
    expect(a.ledger.audit.verifierKey).toBe(b.ledger.audit.verifierKey);
  });

  it('refuses to start the log afresh when its storage was lost', async () => {
    const i = await fresh(dialect);
    i.ledger.start();
    await i.record(2);
    await i.ledger.settleAudit(i.ctx.db);
    await i.ledger.stop();
    rmSync(auditDir(i.db.dataDir), { recursive: true, force: true });
    const again = await onDb(i.db);
    again.ledger.start();
    await again.record(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(again.ledger.audit.sequencer.status.lastError).toMatch(/storage holds no checkpoint, but the database recorded one of size 2; refusing/);
    expect(await again.ledger.audit.latest()).toBeNull();
  });

  it('refuses to write when the database is behind its ledger, or they do not belong together', async () => {
    const i = await fresh(dialect);
    i.ledger.start();
    await i.record(5);
    await i.ledger.settleAudit(i.ctx.db);
    await i.ledger.stop();
    const db = i.ctx.db;
    // A restore from an older backup: indices 3 and 4 are gone from the database.
    await db.updateTable('audit_events').set({ ledger_index: null }).where('ledger_index', '>=', 3).execute();
    const behind = await onDb(i.db);
    behind.ledger.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(behind.ledger.audit.sequencer.status.lastError).toMatch(/covers 5 entries but the database has staged only 3/);
    await behind.ledger.stop();
    await db.updateTable('audit_events').set({ ledger_index: sql<number>`seq - 1` }).execute();
    // A different commitment at an index storage already holds.
    await db.updateTable('audit_events').set({ ledger_commitment: Buffer.alloc(32, 7).toString('base64') }).where('ledger_index', '=', 4).execute();
    const other = await onDb(i.db);
    other.ledger.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(other.ledger.audit.sequencer.status.lastError).toMatch(/do not belong together/);
  });

  it('never assigns one index twice, whoever stages', async () => {
    const i = await fresh(dialect);
    await i.record(2);
    await stageAuditEvents(i.ctx.db, 1);
    const db = i.ctx.db;
    await expect(db.updateTable('audit_events').set({ ledger_index: 0 }).where('ledger_index', 'is', null).execute()).rejects.toThrow(/unique|UNIQUE/);
  });

  it('keeps the log’s key sealed in the database and refuses a different instance secret', async () => {
    const i = await fresh(dialect);
    const row = await i.ctx.db.selectFrom('ledger_logs').selectAll().executeTakeFirstOrThrow();
    expect(row.signing_key_sealed).not.toContain('PRIVATE');
    expect(row.verifier_key).toBe(i.ledger.audit.verifierKey);
    i.ledger.start();
    await opened(i);
    expect(openCheckpoint((await i.ledger.audit.storage.get('checkpoint'))!, [i.ledger.audit.verifier]).checkpoint.size).toBe(0);
    await i.ledger.stop();
    const { boot } = await import('../../src/bootstrap.js');
    const prev = process.env.KILPI_SECRET_KEY;
    process.env.KILPI_SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
    try {
      await expect(boot({ dataDir: i.db.dataDir, databaseUrl: i.db.databaseUrl })).rejects.toThrow(/sealed with another instance secret key/);
    } finally {
      if (prev === undefined) delete process.env.KILPI_SECRET_KEY;
      else process.env.KILPI_SECRET_KEY = prev;
    }
  });
});
