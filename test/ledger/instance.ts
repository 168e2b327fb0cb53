// Booted Kilpi instances for ledger tests: a fresh database, short sequencer timings, storage that can record or fail.
import { join } from 'node:path';
import pino from 'pino';
import { boot, type Booted } from '../../src/bootstrap.js';
import { systemActor, type Ctx } from '../../src/core/context.js';
import { mutate } from '../../src/core/mutation.js';
import type { DialectName } from '../../src/db/index.js';
import { FsStorage } from '../../src/ledger/fs-storage.js';
import type { Ledger } from '../../src/ledger/logs.js';
import type { SequencerTuning } from '../../src/ledger/sequencer.js';
import type { LedgerStorage, PutItem } from '../../src/ledger/storage.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

/** Fast timings for tests: a checkpoint at most every 50 ms, a poll every 50 ms, the lock retried every 100 ms. */
export const FAST: Partial<SequencerTuning> = { checkpointIntervalMs: 50, pollMs: 50, lockRetryMs: 100 };

export interface Instance {
  booted: Booted;
  ledger: Ledger;
  ctx: Ctx;
  /** Records `n` audit events through mutate(); returns their ids. */
  record(n: number, action?: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  tuning?: Partial<SequencerTuning>;
  storage?: (log: string) => LedgerStorage;
  origin?: string;
}

/** Boots an instance on `db` (a fresh one when omitted); its sequencer is not started. */
export async function bootInstance(db: TestDatabase, opts: InstanceOptions = {}): Promise<Instance> {
  const booted = await boot({
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    log: pino({ level: 'silent' }),
    ledgerTuning: opts.tuning ?? FAST,
    // No framework catalogues: their load would add audit events these tests count exactly.
    loadContent: false,
    ...(opts.storage ? { ledgerStorage: opts.storage } : {}),
    ...(opts.origin ? { ledgerOrigin: opts.origin } : {}),
  });
  const s = booted.services;
  const ctx: Ctx = { db: s.db, clock: s.clock, actor: systemActor('ledger-test') };
  let n = 0;
  return {
    booted,
    ledger: s.ledger!,
    ctx,
    async record(count, action = 'thing.touch') {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const entityId = `thing-${++n}`;
        await mutate(ctx, async (m) => {
          await m.record({ action, entityType: 'thing', entityId, after: { n, note: 'ä ✓ "quoted"' } });
        });
        const row = await s.db.selectFrom('audit_events').select('id').where('entity_id', '=', entityId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      return ids;
    },
    close: () => booted.close(),
  };
}

export async function freshInstance(dialect: DialectName, opts: InstanceOptions = {}): Promise<Instance & { db: TestDatabase }> {
  const db = await freshDatabase(dialect);
  const inst = await bootInstance(db, opts);
  return {
    ...inst,
    db,
    close: async () => {
      await inst.close();
      await db.drop();
    },
  };
}

/** The default storage directory of the audit log in a data directory. */
export const auditDir = (dataDir: string) => join(dataDir, 'ledger', 'audit');

/** Storage that records every write and can be told to fail. */
export class RecordingStorage implements LedgerStorage {
  readonly checkpointWrites: { at: number; size: number }[] = [];
  /** Fail the next putAll calls (tiles) while > 0. */
  failPutAll = 0;
  /** Fail the next checkpoint writes while > 0. */
  failCheckpoint = 0;

  constructor(readonly inner: LedgerStorage) {}

  static fs(dir: string): RecordingStorage {
    return new RecordingStorage(new FsStorage(dir, { sync: false }));
  }

  get(path: string) {
    return this.inner.get(path);
  }

  exists(path: string) {
    return this.inner.exists(path);
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    if (path === 'checkpoint') {
      if (this.failCheckpoint > 0) {
        this.failCheckpoint--;
        throw new Error('injected checkpoint write failure');
      }
      await this.inner.put(path, data);
      this.checkpointWrites.push({ at: performance.now(), size: Number(Buffer.from(data).toString('utf8').split('\n')[1]) });
      return;
    }
    await this.putAll([{ path, data }]);
  }

  async putAll(items: readonly PutItem[]): Promise<void> {
    if (this.failPutAll > 0) {
      this.failPutAll--;
      // Write half, then fail: a crash part-way through a batch.
      await this.inner.putAll(items.slice(0, Math.floor(items.length / 2)));
      throw new Error('injected tile write failure');
    }
    await this.inner.putAll(items);
  }
}
