// This instance's ledger logs: each log's key (sealed in the database), storage, sequencer, and proofs.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { open as openSealed, seal } from '../auth/secret-box.js';
import {
  getAuditEvent,
  hasUnsequencedAudit,
  lastAuditIndexUpTo,
  lastAuditSeq,
  stageAuditEvents,
  stagedAuditEntries,
  stagedAuditSize,
} from '../core/audit-repo.js';
import type { Clock } from '../core/clock.js';
import { onAuditCommitted } from '../core/mutation.js';
import type { DB, DialectName } from '../db/index.js';
import { parseCheckpointText } from './checkpoint.js';
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './ed25519.js';
import { encodeBase64 } from './encoding.js';
import { LedgerError, MalformedError } from './errors.js';
import { generateKey, parseSignerKey, parseVerifierKey } from './keys.js';
import type { Hash } from './merkle.js';
import { parseNote } from './note.js';
import { latestCheckpoint, proveConsistency, proveInclusion, readEntry, TileReader, type LatestCheckpoint } from './proofs.js';
import { Sequencer, type CheckpointRecord, type Outbox, type SequencerTuning } from './sequencer.js';
import type { LedgerStorage } from './storage.js';
import { ledgerStorageFrom } from './storage-config.js';
import { PgAdvisoryLock, PidFileLock, type WriterLock } from './writer-lock.js';

/** The audit trail's log. */
export const AUDIT_LOG = 'audit';
/** The audit log's checkpoint origin unless KILPI_LEDGER_ORIGIN says otherwise. */
export const DEFAULT_AUDIT_ORIGIN = 'kilpi.local/audit';

export interface LedgerOptions {
  db: DB;
  dialect: DialectName;
  /** The instance secret key: seals each log's signing key in the database. */
  secretKey: Buffer;
  dataDir: string;
  /** For the PostgreSQL writer lock's own connection. */
  databaseUrl?: string | undefined;
  clock: Clock;
  log: Logger;
  /** The audit log's origin (checkpoint first line and key name) when the log is created. */
  auditOrigin?: string | undefined;
  /** Each log's storage; the default is chosen by the environment (src/ledger/storage-config.ts): <data>/ledger/<log>/ or S3. */
  storage?: ((log: string) => LedgerStorage) | undefined;
  tuning?: Partial<SequencerTuning> | undefined;
}

/** The recorded state of a log, as the database has it. */
export interface RecordedCheckpoint {
  size: number;
  /** The signed note, and its root hash in base64; null before the first checkpoint. */
  note: string | null;
  rootHash: string | null;
  at: string | null;
}

/** One log: identity, storage, its sequencer, and read access for proofs. */
export class LedgerLog {
  readonly tiles: TileReader;
  readonly verifier: NoteVerifier;
  readonly sequencer: Sequencer;

  constructor(
    readonly name: string,
    readonly origin: string,
    readonly verifierKey: string,
    readonly storage: LedgerStorage,
    signer: NoteSigner,
    private readonly db: DB,
    outbox: Outbox,
    lock: WriterLock,
    private readonly clock: Clock,
    log: Logger,
    tuning: Partial<SequencerTuning> | undefined,
  ) {
    this.verifier = parseVerifierKey(verifierKey);
    this.tiles = new TileReader(storage);
    const record: CheckpointRecord = {
      recordedSize: async () => (await this.recorded()).size,
      record: async (size, note) => {
        await db
          .updateTable('ledger_logs')
          .set({ checkpoint_size: size, checkpoint: note, checkpoint_at: this.clock.now().toISOString() })
          .where('name', '=', name)
          .where('checkpoint_size', '<=', size)
          .execute();
      },
    };
    this.sequencer = new Sequencer({ name, origin, storage, signer, verifier: this.verifier, outbox, record, lock, log, tuning });
  }

  /** The latest checkpoint in storage, verified with this log's key; null before the first. */
  latest(): Promise<LatestCheckpoint | null> {
    return latestCheckpoint(this.storage, this.verifier, this.origin);
  }

  /** The latest checkpoint the database recorded, with the time it was written. */
  async recorded(): Promise<RecordedCheckpoint> {
    const r = await this.db.selectFrom('ledger_logs').select(['checkpoint_size', 'checkpoint', 'checkpoint_at']).where('name', '=', this.name).executeTakeFirst();
    const note = r?.checkpoint ?? null;
    let rootHash: string | null = null;
    if (note) {
      try {
        rootHash = encodeBase64(parseCheckpointText(parseNote(note).text).rootHash);
      } catch {
        rootHash = null; // written by this code, so never malformed; a damaged row just shows no root
      }
    }
    return { size: Number(r?.checkpoint_size ?? 0), note, rootHash, at: r?.checkpoint_at ?? null };
  }

  async inclusion(index: number, size: number, checkpointSize: number): Promise<Hash[]> {
    return proveInclusion(this.tiles, checkpointSize, index, size);
  }

  async consistency(from: number, to: number, checkpointSize: number): Promise<Hash[]> {
    return proveConsistency(this.tiles, checkpointSize, from, to);
  }

  async entry(index: number, checkpointSize: number): Promise<Buffer> {
    return readEntry(this.tiles, checkpointSize, index);
  }

  /** Resolves once a checkpoint covers entry `index`, with that checkpoint's size. */
  waitFor(index: number, timeoutMs?: number): Promise<number> {
    return this.sequencer.waitFor(index, timeoutMs);
  }
}

/** The logs of this instance. Sequencers run only after start(); commands that only read never start them. */
export class Ledger {
  private started = false;

  private constructor(private readonly logs: Map<string, LedgerLog>) {}

  static async open(opts: LedgerOptions): Promise<Ledger> {
    const origin = opts.auditOrigin ?? (process.env.KILPI_LEDGER_ORIGIN || DEFAULT_AUDIT_ORIGIN);
    if (!isValidKeyName(origin)) throw new MalformedError(`KILPI_LEDGER_ORIGIN "${origin.slice(0, 80)}" is not a valid log origin (no spaces, no "+", e.g. kilpi.example.com/audit)`);
    const keys = await ensureLogKey(opts, AUDIT_LOG, origin);
    // The data directory by default, S3 when KILPI_LEDGER_S3_BUCKET says so (a bad setting is a ConfigError).
    const storage = opts.storage?.(AUDIT_LOG) ?? ledgerStorageFrom(process.env, opts.dataDir, AUDIT_LOG);
    const lock: WriterLock =
      opts.dialect === 'postgres' && opts.databaseUrl ? new PgAdvisoryLock(opts.databaseUrl, AUDIT_LOG) : new PidFileLock(join(opts.dataDir, 'ledger', `${AUDIT_LOG}.sequencer.lock`));
    const db = opts.db;
    const outbox: Outbox = {
      stage: (max) => stageAuditEvents(db, max),
      staged: (from, to) => stagedAuditEntries(db, from, to),
      stagedSize: () => stagedAuditSize(db),
      onCommitted: (listener) => onAuditCommitted(db, listener),
    };
    const audit = new LedgerLog(AUDIT_LOG, keys.origin, keys.vkey, storage, keys.signer, db, outbox, lock, opts.clock, opts.log, opts.tuning);
    return new Ledger(new Map([[AUDIT_LOG, audit]]));
  }

  get names(): string[] {
    return [...this.logs.keys()];
  }

  get(name: string): LedgerLog | undefined {
    return this.logs.get(name);
  }

  get audit(): LedgerLog {
    return this.logs.get(AUDIT_LOG)!;
  }

  /** Starts every log's sequencer (the server does; one-off commands do not). */
  start(): void {
    this.started = true;
    for (const l of this.logs.values()) l.sequencer.start();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all([...this.logs.values()].map((l) => l.sequencer.stop()));
  }

  /** Resolves once every audit event committed so far is covered by a checkpoint (tests, benchmarks, the CLI). */
  async settleAudit(db: DB, timeoutMs = 30_000): Promise<void> {
    const seq = await lastAuditSeq(db);
    const deadline = Date.now() + timeoutMs;
    while (await hasUnsequencedAudit(db, seq)) {
      if (Date.now() > deadline) throw new LedgerError(`audit events are not sequenced after ${timeoutMs} ms (is the sequencer running?)`);
      this.audit.sequencer.poke();
      await new Promise((r) => setTimeout(r, 10));
    }
    const index = await lastAuditIndexUpTo(db, seq);
    if (index >= 0) await this.audit.waitFor(index, Math.max(1, deadline - Date.now()));
  }

  /** Resolves with an audit event's ledger index and covering checkpoint size once a checkpoint covers it. */
  async waitForAuditEvent(db: DB, id: string, timeoutMs = 30_000): Promise<{ index: number; size: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await getAuditEvent(db, id);
      if (!row) throw new LedgerError(`no audit event ${id}`);
      if (row.ledger_index !== null) {
        const index = Number(row.ledger_index);
        return { index, size: await this.audit.waitFor(index, Math.max(1, deadline - Date.now())) };
      }
      if (Date.now() > deadline) throw new LedgerError(`audit event ${id} is not sequenced after ${timeoutMs} ms`);
      this.audit.sequencer.poke();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/**
 * The log's key pair: made on the first start and kept in the database sealed with the instance key,
 * so every instance sharing the database signs with it. The origin is fixed when the log is created.
 */
async function ensureLogKey(opts: LedgerOptions, name: string, origin: string): Promise<{ origin: string; vkey: string; signer: NoteSigner }> {
  const { db } = opts;
  let row = await db.selectFrom('ledger_logs').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) {
    const { skey, vkey } = generateKey(origin);
    await db
      .insertInto('ledger_logs')
      .values({ name, origin, signing_key_sealed: seal(opts.secretKey, skey), verifier_key: vkey, checkpoint_size: 0, checkpoint: null, checkpoint_at: null, created_at: opts.clock.now().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // Another instance may have won the race: everyone uses the row that is stored.
    row = await db.selectFrom('ledger_logs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  }
  if (row.origin !== origin) opts.log.warn({ log: name, stored: row.origin, configured: origin }, 'ledger: the log keeps the origin it was created with; KILPI_LEDGER_ORIGIN is ignored for it');
  let skey: string;
  try {
    skey = openSealed(opts.secretKey, row.signing_key_sealed);
  } catch {
    throw new LedgerError(`cannot open the signing key of ledger log ${name}: it was sealed with another instance secret key (KILPI_SECRET_KEY or <data>/secret.key)`);
  }
  return { origin: row.origin, vkey: row.verifier_key, signer: parseSignerKey(skey) };
}
