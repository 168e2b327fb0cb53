// One storage interface for a log's objects (checkpoint, tiles, entry bundles) and the rules every backend enforces.
import { MalformedError } from './errors.js';
import { MAX_NOTE_BYTES } from './note.js';
import { ENTRIES, isFullTile, MAX_ENTRY_SIZE, parseTilePath, tilePath, type TileFetcher, type TileId } from './tiles.js';
import { HASH_SIZE } from './merkle.js';

export const CHECKPOINT_PATH = 'checkpoint';

/** Read-only access to a log's objects, by their tlog-tiles path (a directory, an HTTP server, storage). */
export interface LedgerSource {
  /** The object's bytes, or null when it does not exist. */
  get(path: string): Promise<Uint8Array | null>;
}

export interface PutItem {
  path: string;
  data: Uint8Array;
}

/**
 * A log's storage. Paths are `checkpoint` or tlog-tiles paths; anything else is refused. Full tiles
 * and full entry bundles are immutable: writing different bytes to one that exists throws
 * ImmutableWriteError, writing the same bytes is a no-op. Partial tiles and the checkpoint are
 * replaced atomically. A put resolves only once the data is durable.
 */
export interface LedgerStorage extends LedgerSource {
  exists(path: string): Promise<boolean>;
  put(path: string, data: Uint8Array): Promise<void>;
  /** Writes several objects durably (in any order); resolves when all are durable. */
  putAll(items: readonly PutItem[]): Promise<void>;
}

export type PathKind = 'checkpoint' | 'immutable' | 'replaceable';

/** Validates a storage path and tells how it may be written. Throws MalformedError for any other path. */
export function classifyPath(path: string): PathKind {
  if (path === CHECKPOINT_PATH) return 'checkpoint';
  return isFullTile(parseTilePath(path)) ? 'immutable' : 'replaceable';
}

/** The most bytes an object at `path` can legitimately hold; readers refuse larger ones. */
export function maxObjectSize(path: string): number {
  if (path === CHECKPOINT_PATH) return MAX_NOTE_BYTES;
  const t = parseTilePath(path);
  return t.level === ENTRIES ? t.width * (2 + MAX_ENTRY_SIZE) : t.width * HASH_SIZE;
}

export function checkObjectSize(path: string, size: number): void {
  if (size > maxObjectSize(path)) throw new MalformedError(`${path} is ${size} bytes, more than such an object can hold`);
}

/** Adapts a source to the TileFetcher that tile hash readers use. */
export const tileFetcher =
  (source: LedgerSource): TileFetcher =>
  (tile: TileId) =>
    source.get(tilePath(tile));

/**
 * Caches tiles in front of a fetcher, keeping at most `maxTiles`, least recently used out first.
 * Safe for full tiles (immutable) and for the partial tiles of sizes a signed checkpoint covers: a
 * partial tile's path names its width, so its bytes never change once that size is committed.
 */
export function cachingTileFetcher(fetch: TileFetcher, maxTiles = 1024): TileFetcher {
  const cache = new Map<string, Uint8Array>();
  return async (tile) => {
    const key = tilePath(tile);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const bytes = await fetch(tile);
    if (bytes) {
      cache.set(key, bytes);
      if (cache.size > maxTiles) cache.delete(cache.keys().next().value!);
    }
    return bytes;
  };
}
