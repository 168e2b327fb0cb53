// The durable sequencer: stages entries from a database outbox, integrates them into tiles, signs a checkpoint at most once a second.
import type { Logger } from 'pino';
import { openCheckpoint, parseCheckpointText, signCheckpoint, type Checkpoint } from './checkpoint.js';
import type { NoteSigner, NoteVerifier } from './ed25519.js';
import { LedgerError } from './errors.js';
import { bytesEqual, EMPTY_ROOT } from './merkle.js';
import { parseNote } from './note.js';
import { CHECKPOINT_PATH, tileFetcher, type LedgerStorage } from './storage.js';
import { decodeEntryBundle, ENTRIES, partialTiles, tilePath } from './tiles.js';
import type { WriterLock } from './writer-lock.js';
import { TreeEdge } from './writer.js';

/** An entry staged in the database at its index. */
export interface StagedEntry {
  index: number;
  commitment: Uint8Array;
}

/** Where entries wait to be appended, and where the assigned indices are kept durably. */
export interface Outbox {
  /** Assigns the next indices to up to `max` waiting entries in one transaction and returns them in index order. */
  stage(max: number): Promise<StagedEntry[]>;
  /** The entries staged at indices from ≤ i < to, in index order. */
  staged(from: number, to: number): Promise<StagedEntry[]>;
  /** The number of staged entries (the highest index plus one). */
  stagedSize(): Promise<number>;
  /** Calls `listener` when new entries were committed in this process; returns the unsubscribe. */
  onCommitted(listener: () => void): () => void;
}

/** Where the latest checkpoint is recorded for every instance to read (the database). */
export interface CheckpointRecord {
  /** The size of the latest checkpoint recorded (0 when none). */
  recordedSize(): Promise<number>;
  /** Records a checkpoint; a smaller one than recorded is ignored. */
  record(size: number, note: string): Promise<void>;
}

export interface SequencerTuning {
  /** The least time between two signed checkpoints while the tree grows (default 1000 ms). */
  checkpointIntervalMs: number;
  /** How often to look for entries committed by other processes (default 500 ms). */
  pollMs: number;
  /** How often an instance without the writer lock tries to take it (default 5000 ms). */
  lockRetryMs: number;
  /** The most entries staged in one transaction (default 1024). */
  batchSize: number;
}

export const DEFAULT_TUNING: SequencerTuning = { checkpointIntervalMs: 1000, pollMs: 500, lockRetryMs: 5000, batchSize: 1024 };

export interface SequencerOptions {
  name: string;
  origin: string;
  storage: LedgerStorage;
  signer: NoteSigner;
  verifier: NoteVerifier;
  outbox: Outbox;
  record: CheckpointRecord;
  lock: WriterLock;
  log: Logger;
  tuning?: Partial<SequencerTuning>;
}

export interface SequencerStatus {
  /** This process holds the log's writer lock. */
  writer: boolean;
  /** Entries integrated into storage by this process. */
  integrated: number;
  /** The size of the latest checkpoint this process signed or found. */
  checkpointSize: number;
  /** The last failure, until a step succeeds again. */
  lastError: string | null;
}

class Stopped extends LedgerError {}

/**
 * Runs one log's append loop. Order of durability, so a crash at any point loses nothing
 * acknowledged: (a) indices are assigned in the database, (b) tiles and bundles are written,
 * (c) the checkpoint is signed and written — an entry is acknowledged here — and (d) its size is
 * recorded in the database. After a crash, entries staged beyond the stored checkpoint are
 * integrated again from the database; rewriting a full tile with the same bytes is a no-op.
 */
export class Sequencer {
  private readonly tuning: SequencerTuning;
  private running = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private wakeUp: (() => void) | null = null;
  private poked = false;
  private edge: TreeEdge | null = null;
  private signed: Checkpoint | null = null;
  private signedAt = -Infinity;
  private failures = 0;
  /** No step before this time (performance.now()): lock retries and back-off after a failure. */
  private notBefore = 0;
  private lastError: string | null = null;
  private changed: { promise: Promise<void>; resolve: () => void } = signal();

  constructor(private readonly opts: SequencerOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  }

  get status(): SequencerStatus {
    return { writer: this.opts.lock.held, integrated: this.edge?.size ?? 0, checkpointSize: this.signed?.size ?? 0, lastError: this.lastError };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.opts.outbox.onCommitted(() => this.poke());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.poke();
    await this.loop;
    this.edge = null;
    await this.opts.lock.release();
    this.notify();
  }

  /** Wakes the loop now: entries were committed. */
  poke(): void {
    this.poked = true;
    this.wakeUp?.();
  }

  /**
   * Resolves with the size of a checkpoint that covers entry `index` — signed here, or recorded in
   * the database by whichever instance writes the log. Rejects after `timeoutMs`.
   */
  async waitFor(index: number, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const local = this.signed?.size ?? 0;
      if (index < local) return local;
      const recorded = await this.opts.record.recordedSize();
      if (index < recorded) return recorded;
      const left = deadline - Date.now();
      if (left <= 0) throw new LedgerError(`entry ${index} of log ${this.opts.name} is not covered by a checkpoint after ${timeoutMs} ms`);
      // A checkpoint signed here wakes us at once; one signed elsewhere is seen at the next poll.
      await Promise.race([this.changed.promise, sleep(Math.min(left, this.tuning.pollMs))]);
    }
  }

  private notify(): void {
    const done = this.changed;
    this.changed = signal();
    done.resolve();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const early = this.notBefore - performance.now();
      if (early > 0) {
        await this.sleep(early);
        continue;
      }
      let delay: number;
      try {
        delay = await this.step();
        this.failures = 0;
        this.lastError = null;
      } catch (e) {
        // Storage or the database failed part-way: forget the in-memory edge and reopen from what is durable.
        this.edge = null;
        if (!this.running || e instanceof Stopped) break;
        this.failures++;
        this.lastError = e instanceof Error ? e.message : String(e);
        this.opts.log.error({ err: e, log: this.opts.name }, 'ledger sequencer step failed; retrying');
        delay = Math.min(30_000, 100 * 2 ** Math.min(this.failures, 9));
        // Commits keep poking; they must not turn the back-off into a retry per commit.
        this.notBefore = performance.now() + delay;
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.poked || !this.running) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.wakeUp === wake) this.wakeUp = null;
        // Whatever was committed before this wake-up, the step that follows stages.
        this.poked = false;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeUp = wake;
    });
  }

  private check(): void {
    if (!this.running) throw new Stopped('the sequencer stopped');
    if (!this.opts.lock.held) throw new LedgerError(`lost the writer lock of log ${this.opts.name}`);
  }

  /** One round: take the lock, integrate what waits, sign when due. Returns how long to sleep. */
  private async step(): Promise<number> {
    if (!this.opts.lock.held) {
      this.edge = null;
      if (!(await this.opts.lock.tryAcquire())) {
        // Not the writer: this instance's events reach the writer through the table. Try again later, not per commit.
        this.notBefore = performance.now() + this.tuning.lockRetryMs;
        return this.tuning.lockRetryMs;
      }
      this.opts.log.info({ log: this.opts.name }, 'this instance now sequences the ledger log');
    }
    if (!this.edge) await this.open();
    for (;;) {
      this.check();
      const batch = await this.opts.outbox.stage(this.tuning.batchSize);
      if (batch.length > 0) await this.integrate(batch);
      // A flood of entries must not hold back the checkpoint that acknowledges the earlier ones.
      if (batch.length < this.tuning.batchSize || this.untilDue() === 0) break;
    }
    if (this.edge!.size > (this.signed?.size ?? 0)) {
      const wait = this.untilDue();
      if (wait > 0) return wait;
      await this.sign();
    }
    return this.tuning.pollMs;
  }

  private untilDue(): number {
    return Math.max(0, this.signedAt + this.tuning.checkpointIntervalMs - performance.now());
  }

  /** Rebuilds the edge from the stored checkpoint and replays entries staged beyond it. */
  private async open(): Promise<void> {
    const { storage, origin, outbox } = this.opts;
    const stored = await storage.get(CHECKPOINT_PATH);
    const staged = await outbox.stagedSize();
    let cp: Checkpoint;
    let edge: TreeEdge;
    let note: string;
    if (!stored) {
      const recorded = await this.opts.record.recordedSize();
      if (recorded > 0)
        throw new LedgerError(`log ${this.opts.name}: storage holds no checkpoint, but the database recorded one of size ${recorded}; refusing to start the log again (was its storage lost or replaced?)`);
      cp = { origin, size: 0, rootHash: EMPTY_ROOT, extensions: [] };
      note = signCheckpoint(cp, [this.opts.signer]);
      this.check();
      await storage.put(CHECKPOINT_PATH, Buffer.from(note));
      edge = TreeEdge.empty();
    } else {
      cp = openCheckpoint(stored, [this.opts.verifier], { origin }).checkpoint;
      note = Buffer.from(stored).toString('utf8');
      if (staged < cp.size)
        throw new LedgerError(`log ${this.opts.name}: its checkpoint covers ${cp.size} entries but the database has staged only ${staged}; the database is behind its ledger (restored from an older backup?)`);
      edge = await TreeEdge.load(cp.size, tileFetcher(storage));
      if (!bytesEqual(edge.root(), cp.rootHash)) throw new LedgerError(`log ${this.opts.name}: its partial tiles do not match its checkpoint`);
      await this.checkEdgeEntries(cp.size);
    }
    this.edge = edge;
    this.signed = cp;
    this.signedAt = -Infinity; // entries replayed below are acknowledged at once
    for (let from = cp.size; from < staged; from += this.tuning.batchSize) {
      this.check();
      await this.integrate(await outbox.staged(from, Math.min(staged, from + this.tuning.batchSize)));
    }
    await this.opts.record.record(cp.size, note);
    this.notify();
    if (staged > cp.size) this.opts.log.info({ log: this.opts.name, from: cp.size, to: staged }, 'ledger: integrated entries staged before a restart');
  }

  /** The entries of the stored partial bundle must be the database's: storage and database belong together. */
  private async checkEdgeEntries(size: number): Promise<void> {
    const t = partialTiles(size).find((p) => p.level === ENTRIES);
    if (!t) return;
    const bytes = await this.opts.storage.get(tilePath(t));
    if (!bytes) throw new LedgerError(`log ${this.opts.name}: ${tilePath(t)} is missing`);
    const stored = decodeEntryBundle(bytes, t.width);
    const first = size - t.width;
    const db = await this.opts.outbox.staged(first, size);
    if (db.length !== stored.length || db.some((e, i) => !bytesEqual(e.commitment, stored[i]!)))
      throw new LedgerError(`log ${this.opts.name}: the entries in storage at ${first}..${size - 1} are not the ones the database staged there; storage and database do not belong together`);
  }

  private async integrate(batch: readonly StagedEntry[]): Promise<void> {
    const edge = this.edge!;
    batch.forEach((e, i) => {
      if (e.index !== edge.size + i) throw new LedgerError(`log ${this.opts.name}: expected entry ${edge.size + i} from the database, got ${e.index}`);
    });
    const puts = edge.append(batch.map((e) => e.commitment));
    this.check();
    await this.opts.storage.putAll(puts);
  }

  private async sign(): Promise<void> {
    const edge = this.edge!;
    const next: Checkpoint = { origin: this.opts.origin, size: edge.size, rootHash: Buffer.from(edge.root()), extensions: [] };
    const note = signCheckpoint(next, [this.opts.signer]);
    // A writer that lost its lock without noticing must never put a smaller tree over a bigger one.
    const current = await this.opts.storage.get(CHECKPOINT_PATH);
    if (current) {
      const size = parseCheckpointText(parseNote(current).text).size;
      if (size > next.size) throw new LedgerError(`log ${this.opts.name}: storage holds a checkpoint of size ${size}, larger than ours (${next.size}): another writer is active`);
    }
    this.check();
    await this.opts.storage.put(CHECKPOINT_PATH, Buffer.from(note));
    this.signed = next;
    this.signedAt = performance.now();
    this.notify();
    await this.opts.record.record(next.size, note);
  }
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
