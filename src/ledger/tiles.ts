// C2SP tlog-tiles: tile and entry-bundle paths, which tiles a tree has, tile encodings, and a tile-backed HashReader.
import { LedgerError, MalformedError } from './errors.js';
import { HASH_SIZE, isTreeSize, MAX_TREE_SIZE, nodeHash, pow2, type Hash, type HashReader, type NodeId } from './merkle.js';

/** Each tile holds 2^8 = 256 hashes: one tile level spans eight tree levels. */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** The `level` of an entry bundle (`tile/entries/…`), which sits beside the level-0 hash tiles. */
export const ENTRIES = -1;
export const MAX_TILE_LEVEL = 63;
/** Entries are uint16 length-prefixed in bundles. */
export const MAX_ENTRY_SIZE = 0xffff;

export interface TileId {
  /** Hash tile level 0..63, or ENTRIES (-1) for an entry bundle. */
  level: number;
  index: number;
  /** Number of hashes (or entries), 1..256; 256 is a full tile. */
  width: number;
}

export const isFullTile = (t: TileId): boolean => t.width === TILE_WIDTH;

/** Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed `x`: 1234067 → x001/x234/067. */
export function encodeTileIndex(n: number): string {
  if (!isTreeSize(n)) throw new MalformedError('tile index out of range');
  const groups: string[] = [];
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export function tilePath(t: TileId): string {
  if (t.level !== ENTRIES && !(Number.isInteger(t.level) && t.level >= 0 && t.level <= MAX_TILE_LEVEL)) throw new MalformedError('tile level out of range');
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH) throw new MalformedError('tile width out of range');
  const level = t.level === ENTRIES ? 'entries' : String(t.level);
  return `tile/${level}/${encodeTileIndex(t.index)}${t.width < TILE_WIDTH ? `.p/${t.width}` : ''}`;
}

/** Parses a tile or entry-bundle path; throws MalformedError on any non-canonical form. */
export function parseTilePath(path: string): TileId {
  const bad = (why: string) => new MalformedError(`invalid tile path "${path.slice(0, 80)}": ${why}`);
  if (typeof path !== 'string' || path.length > 200) throw bad('too long');
  const segs = path.split('/');
  if (segs.length < 3 || segs[0] !== 'tile') throw bad('expected tile/<L>/<N>[.p/<W>]');
  const levelSeg = segs[1]!;
  let level: number;
  if (levelSeg === 'entries') level = ENTRIES;
  else if (/^(0|[1-9][0-9]?)$/.test(levelSeg) && Number(levelSeg) <= MAX_TILE_LEVEL) level = Number(levelSeg);
  else throw bad('level must be 0..63 without leading zeros, or "entries"');
  let idx = segs.slice(2);
  let width = TILE_WIDTH;
  if (idx.length >= 2 && idx[idx.length - 2]!.endsWith('.p')) {
    const w = idx[idx.length - 1]!;
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) > 255) throw bad('partial width must be 1..255 without leading zeros');
    width = Number(w);
    idx = idx.slice(0, -1);
    idx[idx.length - 1] = idx[idx.length - 1]!.slice(0, -2);
  }
  if (idx.length === 0) throw bad('missing index');
  let index = 0;
  idx.forEach((g, i) => {
    const last = i === idx.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(g)) throw bad('index elements are x-prefixed 3-digit groups, then a final 3-digit group');
    index = index * 1000 + Number(last ? g : g.slice(1));
  });
  if (idx.length > 1 && idx[0] === 'x000') throw bad('index has a leading zero group');
  if (!isTreeSize(index)) throw bad('index out of range');
  return { level, index, width };
}

/** The number of hashes a tree of `size` leaves has at tile level `level` (entry bundles count as level 0). */
function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / pow2(TILE_HEIGHT * Math.max(level, 0)));
}

/** The tile (full or partial) at `level`, `index` in a tree of `size` leaves, or null if the tree has none there. */
export function tileIn(size: number, level: number, index: number): TileId | null {
  const count = hashesAtLevel(size, level);
  const start = index * TILE_WIDTH;
  if (start >= count) return null;
  return { level, index, width: Math.min(TILE_WIDTH, count - start) };
}

/** Every tile at one level (or ENTRIES) of a tree of `size` leaves, in order; the last may be partial. */
export function* tilesAtLevel(size: number, level: number): Generator<TileId> {
  const count = hashesAtLevel(size, level);
  for (let index = 0; index * TILE_WIDTH < count; index++) yield { level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) };
}

/** How many tile levels a tree of `size` leaves has (0 for the empty tree). */
export function tileLevels(size: number): number {
  let levels = 0;
  while (levels <= MAX_TILE_LEVEL && hashesAtLevel(size, levels) > 0) levels++;
  return levels;
}

/** Every hash tile and entry bundle of a tree of `size` leaves. */
export function* tilesForSize(size: number): Generator<TileId> {
  if (!isTreeSize(size)) throw new MalformedError(`tree size must be 0..${MAX_TREE_SIZE}`);
  yield* tilesAtLevel(size, ENTRIES);
  for (let level = 0; level < tileLevels(size); level++) yield* tilesAtLevel(size, level);
}

/** The rightmost, partial tiles of a tree (those that change as it grows). */
export function partialTiles(size: number): TileId[] {
  const out: TileId[] = [];
  for (const level of [ENTRIES, ...Array.from({ length: tileLevels(size) }, (_, i) => i)]) {
    const width = hashesAtLevel(size, level) % TILE_WIDTH;
    if (width > 0) out.push({ level, index: Math.floor(hashesAtLevel(size, level) / TILE_WIDTH), width });
  }
  return out;
}

export function encodeHashTile(hashes: readonly Hash[]): Buffer {
  if (hashes.length < 1 || hashes.length > TILE_WIDTH) throw new MalformedError('a tile holds 1 to 256 hashes');
  for (const h of hashes) if (h.length !== HASH_SIZE) throw new MalformedError('tile hashes are 32 bytes');
  return Buffer.concat(hashes);
}

/** Splits a hash tile into its hashes; the length must be exactly width × 32 bytes. */
/** Throws MalformedError unless `bytes` is the size of a hash tile of `width` hashes. */
export function checkHashTileSize(bytes: Uint8Array, width: number): void {
  if (bytes.length !== width * HASH_SIZE)
    throw new MalformedError(`hash tile is ${bytes.length} bytes; a tile of width ${width} is ${width * HASH_SIZE}`);
}

export function decodeHashTile(bytes: Uint8Array, width: number): Buffer[] {
  checkHashTileSize(bytes, width);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: width }, (_, i) => buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  if (entries.length < 1 || entries.length > TILE_WIDTH) throw new MalformedError('an entry bundle holds 1 to 256 entries');
  const total = entries.reduce((n, e) => n + 2 + e.length, 0);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const e of entries) {
    if (e.length > MAX_ENTRY_SIZE) throw new MalformedError(`an entry is at most ${MAX_ENTRY_SIZE} bytes`);
    out.writeUInt16BE(e.length, at);
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/**
 * Where each entry of a bundle lies: (start, length) pairs into `bytes`, without copying or making
 * an object per entry (verification reads a million entries). The bundle must hold exactly `width`
 * entries and nothing after them.
 */
export function entryBundleSpans(bytes: Uint8Array, width: number): Uint32Array {
  const spans = new Uint32Array(2 * width);
  let at = 0;
  let n = 0;
  while (at < bytes.length) {
    if (n === width) throw new MalformedError(`entry bundle holds more than ${width} entries`);
    if (at + 2 > bytes.length) throw new MalformedError('entry bundle is truncated in a length prefix');
    const len = (bytes[at]! << 8) | bytes[at + 1]!;
    if (at + 2 + len > bytes.length) throw new MalformedError('entry bundle is truncated in an entry');
    spans[2 * n] = at + 2;
    spans[2 * n + 1] = len;
    n++;
    at += 2 + len;
  }
  if (n !== width) throw new MalformedError(`entry bundle holds ${n} entries, not ${width}`);
  return spans;
}

/** Splits an entry bundle; it must hold exactly `width` entries and nothing after them. */
export function decodeEntryBundle(bytes: Uint8Array, width: number): Buffer[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans = entryBundleSpans(bytes, width);
  return Array.from({ length: width }, (_, i) => buf.subarray(spans[2 * i]!, spans[2 * i]! + spans[2 * i + 1]!));
}

/** Hash of `count` (a power of two) consecutive tile hashes: the subtree they span. */
export function hashTileRange(hashes: readonly Hash[], start: number, count: number): Hash {
  let row = hashes.slice(start, start + count);
  if (row.length !== count) throw new LedgerError('tile range outside the tile');
  while (row.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
    row = next;
  }
  return row[0]!;
}

/** Hash of a full tile's 256 hashes: the entry for it in the tile one level up. */
export const fullTileHash = (hashes: readonly Hash[]): Hash => hashTileRange(hashes, 0, TILE_WIDTH);

/** The eight levels inside one tile, built lazily: level k holds the hashes of its 2^k-hash subtrees. */
interface TileTree {
  subtree(offset: number, count: number): Hash;
}

// Keyed by the tile's bytes object: a caching fetcher hands back the same object, so a tile's inner
// levels are hashed once and proofs then cost a few lookups instead of hundreds of hashes.
const tileTrees = new WeakMap<Uint8Array, TileTree>();

function tileTree(bytes: Uint8Array, width: number): TileTree {
  const known = tileTrees.get(bytes);
  if (known) return known;
  const levels: Hash[][] = [decodeHashTile(bytes, width)];
  const tree: TileTree = {
    subtree(offset, count) {
      let k = 0;
      while (pow2(k) < count) k++;
      for (let l = levels.length; l <= k; l++) {
        const below = levels[l - 1]!;
        const row: Hash[] = [];
        for (let i = 0; i + 1 < below.length; i += 2) row.push(nodeHash(below[i]!, below[i + 1]!));
        levels.push(row);
      }
      const h = levels[k]![offset / count];
      if (!h || offset % count !== 0) throw new LedgerError('tile range outside the tile');
      return h;
    },
  };
  tileTrees.set(bytes, tree);
  return tree;
}

/** Fetches a tile's bytes (hash tile or entry bundle); resolves null when it does not exist. */
export type TileFetcher = (tile: TileId) => Promise<Uint8Array | null>;

/**
 * A HashReader over the tiles of a tree of `size` leaves. A complete subtree at tree level h lies
 * inside one tile at tile level floor(h / 8) and is rebuilt from 2^(h mod 8) of its hashes.
 */
export function tileHashReader(size: number, fetchTile: TileFetcher): HashReader {
  if (!isTreeSize(size)) throw new MalformedError(`tree size must be 0..${MAX_TREE_SIZE}`);
  return {
    async readHashes(nodes: readonly NodeId[]): Promise<Hash[]> {
      const located = nodes.map(({ level, index }) => {
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        const count = pow2(level - tileLevel * TILE_HEIGHT);
        const first = index * count;
        const tile = tileIn(size, tileLevel, Math.floor(first / TILE_WIDTH));
        const offset = first % TILE_WIDTH;
        if (!tile || offset + count > tile.width) throw new LedgerError(`subtree (level ${level}, index ${index}) is not in the tree of size ${size}`);
        return { tile, offset, count };
      });
      const tiles = new Map<string, Promise<TileTree>>();
      const load = (t: TileId) => {
        const key = tilePath(t);
        let p = tiles.get(key);
        if (!p) {
          p = fetchTile(t).then((bytes) => {
            if (!bytes) throw new LedgerError(`missing tile ${key}`);
            return tileTree(bytes, t.width);
          });
          tiles.set(key, p);
        }
        return p;
      };
      return Promise.all(located.map(async ({ tile, offset, count }) => (await load(tile)).subtree(offset, count)));
    },
  };
}
