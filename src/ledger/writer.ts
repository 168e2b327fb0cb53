// An in-process log writer: appends batches of entries, writes tiles and bundles, then signs the new checkpoint.
import { openCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.js';
import type { NoteSigner, NoteVerifier } from './ed25519.js';
import { parseVerifierKey, verifierKeyOf } from './keys.js';
import { LedgerError, MalformedError } from './errors.js';
import { EMPTY_ROOT, foldRight, leafHash, pow2, subtreesOfRange, type Hash } from './merkle.js';
import { CHECKPOINT_PATH, tileFetcher, type LedgerStorage, type PutItem } from './storage.js';
import {
  decodeEntryBundle,
  decodeHashTile,
  encodeEntryBundle,
  encodeHashTile,
  ENTRIES,
  fullTileHash,
  hashTileRange,
  MAX_ENTRY_SIZE,
  partialTiles,
  TILE_HEIGHT,
  TILE_WIDTH,
  tilePath,
  type TileId,
} from './tiles.js';

/**
 * The right edge of a tree: the contents of its partial tiles, which is all that appending needs.
 * Pure (no I/O), so a durable sequencer can replay a staged batch through it after a crash.
 */
export class TreeEdge {
  private constructor(
    private size_: number,
    private entries: Uint8Array[],
    private readonly levels: Hash[][],
  ) {}

  static empty(): TreeEdge {
    return new TreeEdge(0, [], []);
  }

  /** Rebuilds the edge of a tree of `size` leaves from its partial tiles (read from storage). */
  static async load(size: number, fetchTile: (t: TileId) => Promise<Uint8Array | null>): Promise<TreeEdge> {
    const edge = new TreeEdge(size, [], []);
    for (const t of partialTiles(size)) {
      const bytes = await fetchTile(t);
      if (!bytes) throw new LedgerError(`cannot resume the log: ${tilePath(t)} is missing`);
      if (t.level === ENTRIES) edge.entries = decodeEntryBundle(bytes, t.width);
      else edge.levels[t.level] = decodeHashTile(bytes, t.width).map((h) => Buffer.from(h));
    }
    return edge;
  }

  get size(): number {
    return this.size_;
  }

  /**
   * Appends entries; returns the objects to write: every tile and bundle that became full, and the
   * new partial ones.
   */
  append(batch: readonly Uint8Array[]): PutItem[] {
    for (const e of batch) if (e.length > MAX_ENTRY_SIZE) throw new MalformedError(`an entry is at most ${MAX_ENTRY_SIZE} bytes`);
    const puts: PutItem[] = [];
    const touched = new Set<number>();
    for (const entry of batch) {
      const index = Math.floor(this.size_ / TILE_WIDTH);
      this.entries.push(entry);
      touched.add(ENTRIES);
      if (this.entries.length === TILE_WIDTH) {
        puts.push({ path: tilePath({ level: ENTRIES, index, width: TILE_WIDTH }), data: encodeEntryBundle(this.entries) });
        this.entries = [];
      }
      this.pushHash(0, this.size_, leafHash(entry), puts, touched);
      this.size_++;
    }
    // The partial tiles after the batch (untouched levels kept their path and bytes).
    for (const t of partialTiles(this.size_)) {
      if (!touched.has(t.level)) continue;
      const data = t.level === ENTRIES ? encodeEntryBundle(this.entries) : encodeHashTile(this.levels[t.level]!);
      puts.push({ path: tilePath(t), data });
    }
    return puts;
  }

  /** Adds the hash at position `count` of `level`; a tile that fills up moves its hash one level up. */
  private pushHash(level: number, count: number, h: Hash, puts: PutItem[], touched: Set<number>): void {
    const row = (this.levels[level] ??= []);
    row.push(h);
    touched.add(level);
    if (row.length < TILE_WIDTH) return;
    const index = Math.floor(count / TILE_WIDTH);
    puts.push({ path: tilePath({ level, index, width: TILE_WIDTH }), data: encodeHashTile(row) });
    this.levels[level] = [];
    this.pushHash(level + 1, index, fullTileHash(row), puts, touched);
  }

  /**
   * The root hash, from the partial tiles alone: every complete subtree in the root's decomposition
   * lies in the partial tile of its tile level. Synchronous, so it sees exactly this edge.
   */
  root(): Hash {
    const hashes = subtreesOfRange(0, this.size_).map(({ level, index }) => {
      const tileLevel = Math.floor(level / TILE_HEIGHT);
      const count = pow2(level - tileLevel * TILE_HEIGHT);
      const row = this.levels[tileLevel];
      const offset = (index * count) % TILE_WIDTH;
      if (!row || offset + count > row.length) throw new LedgerError('tree edge is inconsistent');
      return hashTileRange(row, offset, count);
    });
    return foldRight(hashes);
  }
}

export interface LogWriterOptions {
  storage: LedgerStorage;
  /** The checkpoint origin line, e.g. `kilpi.example.com/audit`. */
  origin: string;
  /** The log's key(s); the first one checks the stored checkpoint on open. */
  signers: readonly NoteSigner[];
}

export interface AppendResult {
  /** Index of the batch's first entry. */
  firstIndex: number;
  size: number;
  rootHash: Hash;
  /** The signed checkpoint note now stored. */
  checkpoint: string;
}

/**
 * Appends batches to one log. A batch is hashed into the tree as soon as append() is called; its
 * tiles, bundles and then its signed checkpoint are written after the previous batch's, so the next
 * batch's hashing overlaps this one's disk writes while storage always holds a verifiable tree.
 * One writer per log.
 */
export class LogWriter {
  private io: Promise<unknown> = Promise.resolve();
  private broken: unknown = null;

  private constructor(
    private readonly opts: LogWriterOptions,
    private readonly edge: TreeEdge,
    private current: Checkpoint,
  ) {}

  /** Opens a log, resuming from its stored checkpoint, or starting it with a signed empty checkpoint. */
  static async open(opts: LogWriterOptions): Promise<LogWriter> {
    if (opts.signers.length === 0) throw new MalformedError('a log writer needs a signing key');
    const verifiers: NoteVerifier[] = opts.signers.map((s) => parseVerifierKey(verifierKeyOf(s)));
    const stored = await opts.storage.get(CHECKPOINT_PATH);
    if (!stored) {
      const empty: Checkpoint = { origin: opts.origin, size: 0, rootHash: EMPTY_ROOT, extensions: [] };
      await opts.storage.put(CHECKPOINT_PATH, Buffer.from(signCheckpoint(empty, opts.signers)));
      return new LogWriter(opts, TreeEdge.empty(), empty);
    }
    const { checkpoint } = openCheckpoint(stored, verifiers, { origin: opts.origin });
    const edge = await TreeEdge.load(checkpoint.size, tileFetcher(opts.storage));
    if (Buffer.compare(edge.root(), checkpoint.rootHash) !== 0) throw new LedgerError('cannot resume the log: its partial tiles do not match the checkpoint');
    return new LogWriter(opts, edge, checkpoint);
  }

  /** The latest checkpoint known to be durable. */
  get checkpoint(): Checkpoint {
    return this.current;
  }

  /** Appends a batch; resolves once its entries, tiles and the new checkpoint are durable. */
  append(batch: readonly Uint8Array[]): Promise<AppendResult> {
    if (this.broken) return Promise.reject(new LedgerError('an earlier append failed part-way; reopen the log to resume from its checkpoint'));
    if (batch.length === 0) return Promise.reject(new MalformedError('append at least one entry'));
    const firstIndex = this.edge.size;
    let puts: PutItem[];
    try {
      puts = this.edge.append(batch); // validates every entry before changing anything
    } catch (e) {
      return Promise.reject(e);
    }
    const rootHash = Buffer.from(this.edge.root());
    const next: Checkpoint = { origin: this.opts.origin, size: this.edge.size, rootHash, extensions: [] };
    const note = signCheckpoint(next, this.opts.signers);
    const run = this.io.then(async () => {
      if (this.broken) throw new LedgerError('an earlier append failed part-way; reopen the log to resume from its checkpoint');
      try {
        // Tiles and bundles first, the checkpoint last: storage never names a tree it does not hold.
        await this.opts.storage.putAll(puts);
        await this.opts.storage.put(CHECKPOINT_PATH, Buffer.from(note));
      } catch (e) {
        // The in-memory edge is ahead of storage now; only a reopen knows what was written.
        this.broken = e;
        throw e;
      }
      this.current = next;
      return { firstIndex, size: next.size, rootHash, checkpoint: note };
    });
    this.io = run.catch(() => undefined);
    return run;
  }
}
