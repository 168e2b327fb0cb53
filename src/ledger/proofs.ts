// Reading a stored log for others: its latest checkpoint, tiles for any size it covers, entries, and proofs.
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import type { NoteVerifier } from './ed25519.js';
import { LedgerError } from './errors.js';
import { consistencyProof, HASH_SIZE, inclusionProof, type Hash } from './merkle.js';
import { CHECKPOINT_PATH, type LedgerSource } from './storage.js';
import { decodeEntryBundle, encodeEntryBundle, ENTRIES, isFullTile, parseTilePath, tileHashReader, tileIn, tilePath, TILE_WIDTH, type TileFetcher, type TileId } from './tiles.js';

/** A size or index outside what the log's latest checkpoint covers. */
export class OutOfRangeError extends LedgerError {
  constructor(
    message: string,
    /** The query parameter at fault. */
    readonly field: string,
  ) {
    super(message);
  }
}

export interface LatestCheckpoint {
  checkpoint: Checkpoint;
  /** The signed note as stored. */
  note: string;
}

/**
 * Tiles of one log for trees up to a checkpoint's size, cached. A partial tile that storage does
 * not hold (the log kept only the widths its checkpoints had) is cut from the wider tile at the
 * same position: the first W hashes (or entries) of a tile never change as the tree grows.
 */
export class TileReader {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly source: LedgerSource,
    private readonly maxTiles = 2048,
  ) {}

  /** The tile `t` of a tree of any size up to `size`, or null when it does not exist. */
  async read(t: TileId, size: number): Promise<Uint8Array | null> {
    const key = tilePath(t);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let bytes = await this.source.get(key);
    if (!bytes && !isFullTile(t)) bytes = await this.cut(t, size);
    // Only what a checkpoint covers is cached: beyond it, a crash may still change a partial tile.
    if (bytes && covered(t, size)) {
      this.cache.set(key, bytes);
      if (this.cache.size > this.maxTiles) this.cache.delete(this.cache.keys().next().value!);
    }
    return bytes;
  }

  private async cut(t: TileId, size: number): Promise<Uint8Array | null> {
    const wider = tileIn(size, t.level, t.index);
    if (!wider || wider.width <= t.width) return null;
    const bytes = await this.source.get(tilePath(wider));
    if (!bytes) return null;
    if (t.level === ENTRIES) return encodeEntryBundle(decodeEntryBundle(bytes, wider.width).slice(0, t.width));
    if (bytes.length !== wider.width * HASH_SIZE) return null;
    return bytes.subarray(0, t.width * HASH_SIZE);
  }

  /** A fetcher for the tiles of trees up to `size`. */
  fetcher(size: number): TileFetcher {
    return (t) => this.read(t, size);
  }
}

/** Whether tile `t` lies within a tree of `size` leaves. */
function covered(t: TileId, size: number): boolean {
  const within = tileIn(size, t.level, t.index);
  return within !== null && within.width >= t.width;
}

/** Reads and verifies a log's stored checkpoint; null when the log has none yet. */
export async function latestCheckpoint(source: LedgerSource, verifier: NoteVerifier, origin: string): Promise<LatestCheckpoint | null> {
  const bytes = await source.get(CHECKPOINT_PATH);
  if (!bytes) return null;
  const { checkpoint } = openCheckpoint(bytes, [verifier], { origin });
  return { checkpoint, note: Buffer.from(bytes).toString('utf8') };
}

/** An inclusion proof for entry `index` in the tree of `size` (at most the checkpoint's size). */
export async function proveInclusion(tiles: TileReader, checkpointSize: number, index: number, size: number): Promise<Hash[]> {
  if (size > checkpointSize) throw new OutOfRangeError(`size ${size} is beyond the latest checkpoint (${checkpointSize} entries)`, 'size');
  if (index >= size) throw new OutOfRangeError(`index ${index} is not below size ${size}`, 'index');
  return inclusionProof(index, size, tileHashReader(size, tiles.fetcher(checkpointSize)));
}

/** A consistency proof from the tree of `from` to the tree of `to` (at most the checkpoint's size). */
export async function proveConsistency(tiles: TileReader, checkpointSize: number, from: number, to: number): Promise<Hash[]> {
  if (to > checkpointSize) throw new OutOfRangeError(`to ${to} is beyond the latest checkpoint (${checkpointSize} entries)`, 'to');
  if (from > to) throw new OutOfRangeError(`from ${from} is larger than to ${to}`, 'from');
  if (from === 0 && to > 0) throw new OutOfRangeError('a consistency proof from the empty tree proves nothing; use from ≥ 1', 'from');
  return consistencyProof(from, to, tileHashReader(to, tiles.fetcher(checkpointSize)));
}

/** The entry at `index` of a tree of `size` (at most the checkpoint's size). */
export async function readEntry(tiles: TileReader, checkpointSize: number, index: number): Promise<Buffer> {
  if (index >= checkpointSize) throw new OutOfRangeError(`index ${index} is beyond the latest checkpoint (${checkpointSize} entries)`, 'index');
  const bundle = tileIn(checkpointSize, ENTRIES, Math.floor(index / TILE_WIDTH))!;
  const bytes = await tiles.read(bundle, checkpointSize);
  if (!bytes) throw new LedgerError(`${tilePath(bundle)} is missing`);
  return decodeEntryBundle(bytes, bundle.width)[index % TILE_WIDTH]!;
}

/** Parses a served path: `checkpoint` or a canonical tile path; null for anything else. */
export function servedPath(path: string): { kind: 'checkpoint' } | { kind: 'tile'; tile: TileId } | null {
  if (path === CHECKPOINT_PATH) return { kind: 'checkpoint' };
  try {
    const tile = parseTilePath(path);
    // Round-trip: only the one canonical spelling of each tile is served.
    return tilePath(tile) === path ? { kind: 'tile', tile } : null;
  } catch {
    return null;
  }
}
