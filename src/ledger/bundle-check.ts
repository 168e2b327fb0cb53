// One entry bundle checked against its level-0 tile: read both, hash every entry, compare.
import { hasher } from './batch-hash.js';
import { MalformedError, VerificationError } from './errors.js';
import { bytesEqual, HASH_SIZE, type Hash } from './merkle.js';
import type { LedgerSource } from './storage.js';
import { checkHashTileSize, entryBundleSpans, TILE_WIDTH, tilePath, type TileId } from './tiles.js';

/** The log's own objects being malformed means the log fails verification, not that the user erred. */
export async function fromLog<T>(what: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof MalformedError) throw new VerificationError(`${what}: ${e.message}`);
    throw e;
  }
}

/** Reads an object the log must have; a missing one fails verification. */
export async function must(source: LedgerSource, t: TileId): Promise<Uint8Array> {
  const bytes = await fromLog(tilePath(t), () => source.get(tilePath(t)));
  if (!bytes) throw new VerificationError(`${tilePath(t)} is missing`);
  return bytes;
}

/** Decodes a fetched object, reporting a malformed tile as a verification failure of that tile. */
export function decoded<T>(t: TileId, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MalformedError) throw new VerificationError(`${tilePath(t)}: ${e.message}`);
    throw e;
  }
}

export interface CheckedBundle {
  /** The bundle's leaf hashes, 32 bytes apiece: its level-0 tile, recomputed and matched. */
  leaves: Uint8Array;
  /** For a full bundle, the root over its leaves: the tile's hash one level up. */
  root: Hash | null;
}

/**
 * Reads entry bundle `b` and its level-0 tile, hashes every entry (on libuv's thread pool where the
 * native hasher is built) and checks each against the tile.
 */
export async function checkBundle(source: LedgerSource, b: TileId): Promise<CheckedBundle> {
  const tile = { ...b, level: 0 };
  const [bundleBytes, tileBytes] = await Promise.all([must(source, b), must(source, tile)]);
  const spans = decoded(b, () => entryBundleSpans(bundleBytes, b.width));
  decoded(tile, () => checkHashTileSize(tileBytes, b.width));
  const { leaves, root } = await hasher.tileHashes(bundleBytes, spans);
  if (!bytesEqual(leaves, tileBytes)) {
    let i = 0;
    while (bytesEqual(leaves.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE), tileBytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))) i++;
    throw new VerificationError(`entry ${b.index * TILE_WIDTH + i} does not match its hash in ${tilePath(tile)}`);
  }
  return { leaves, root: b.width === TILE_WIDTH ? root : null };
}
