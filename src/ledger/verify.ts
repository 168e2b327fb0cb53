// Full verification of a stored log: every entry and tile recomputed, the root and signature checked, growth proven.
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import type { NoteVerifier } from './ed25519.js';
import { LedgerError, VerificationError } from './errors.js';
import { hasher } from './batch-hash.js';
import { checkBundle, decoded, fromLog, must, type CheckedBundle } from './bundle-check.js';
import { bytesEqual, foldRight, HASH_SIZE, pow2, subtreesOfRange, treeHash, type Hash, type NodeId } from './merkle.js';
import { CHECKPOINT_PATH, type LedgerSource } from './storage.js';
import {
  decodeHashTile,
  encodeHashTile,
  ENTRIES,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileHashReader,
  tileIn,
  tilePath,
  tilesAtLevel,
} from './tiles.js';

export interface VerifyLogOptions {
  source: LedgerSource;
  /** Keys trusted to sign the log's checkpoints (and, for `from`, its older ones). */
  verifiers: readonly NoteVerifier[];
  /** Expected checkpoint origin; when given, a checkpoint for another log fails. */
  origin?: string;
  /** An older checkpoint note of the same log: the current tree must contain it unchanged. */
  from?: Uint8Array | string;
  /** Called after each entry bundle with entries verified so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Bundles (with their level-0 tiles) fetched ahead of the one being checked (default 16). */
  prefetch?: number;

}

export interface VerifyLogResult {
  checkpoint: Checkpoint;
  from?: Checkpoint;
  entries: number;
  /** Hash tiles and entry bundles read. */
  objects: number;
}

/**
 * Verifies a whole log: each entry hashes to its level-0 tile hash, each full tile hashes to its entry
 * one level up, the partial tiles give the checkpoint's root, the checkpoint is signed by a trusted
 * key, and an older checkpoint's root is the root of the log's first entries. Throws
 * VerificationError (or MalformedError for a malformed checkpoint) on the first problem found.
 */
export async function verifyLog(opts: VerifyLogOptions): Promise<VerifyLogResult> {
  const { source } = opts;
  const note = await fromLog('checkpoint', () => source.get(CHECKPOINT_PATH));
  if (!note) throw new VerificationError('the log has no checkpoint');
  const { checkpoint } = await fromLog('checkpoint', () => openCheckpoint(note, opts.verifiers, { origin: opts.origin }));
  const size = checkpoint.size;

  let from: Checkpoint | undefined;
  // Subtrees of the older tree, collected as their tiles pass by: they rebuild its root from verified data.
  const oldNodes = new Map<string, NodeId[]>();
  const oldHashes = new Map<string, Hash>();
  if (opts.from !== undefined) {
    from = openCheckpoint(opts.from, opts.verifiers).checkpoint;
    if (from.origin !== checkpoint.origin) throw new VerificationError(`the older checkpoint is for "${from.origin}", not "${checkpoint.origin}"`);
    if (from.size > size) throw new VerificationError(`the log shrank: it had ${from.size} entries and now has ${size}`);
    for (const n of subtreesOfRange(0, from.size)) {
      const tl = Math.floor(n.level / TILE_HEIGHT);
      const key = `${tl}/${Math.floor((n.index * pow2(n.level - tl * TILE_HEIGHT)) / TILE_WIDTH)}`;
      oldNodes.set(key, [...(oldNodes.get(key) ?? []), n]);
    }
  }
  // `hashes`: the tile's hashes concatenated, 32 bytes apiece.
  const collect = (level: number, index: number, hashes: Uint8Array) => {
    for (const n of oldNodes.get(`${level}/${index}`) ?? []) {
      const count = pow2(n.level - level * TILE_HEIGHT);
      const start = (n.index * count) % TILE_WIDTH;
      oldHashes.set(`${n.level}/${n.index}`, hasher.subtreeRoot(hashes.subarray(start * HASH_SIZE, (start + count) * HASH_SIZE)));
    }
  };

  // pending[l]: hashes recomputed for the current tile at level l, compared when it fills or at the end.
  const pending: Hash[][] = [];
  const partial = new Map<number, Buffer>();
  let objects = 0;
  const verifyTile = async (level: number, index: number, hashes: Hash[]): Promise<void> => {
    const t = tileIn(size, level, index);
    if (!t || t.width !== hashes.length) throw new LedgerError(`internal: tile ${level}/${index} has unexpected width`);
    const bytes = await must(source, t);
    objects++;
    const stored = decoded(t, () => decodeHashTile(bytes, t.width));
    hashes.forEach((h, i) => {
      if (!bytesEqual(h, stored[i]!)) throw new VerificationError(`${tilePath(t)}: hash ${i} does not match the tree recomputed from the entries`);
    });
    collect(level, index, Buffer.concat(hashes));
    if (t.width < TILE_WIDTH) partial.set(level, encodeHashTile(hashes));
  };
  // filled[l]: how many full tiles of level l have been checked, i.e. the index of the next one.
  const filled: number[] = [];
  const push = async (level: number, h: Hash): Promise<void> => {
    const row = (pending[level] ??= []);
    row.push(h);
    if (row.length < TILE_WIDTH) return;
    pending[level] = [];
    const index = filled[level] ?? 0;
    filled[level] = index + 1;
    await verifyTile(level, index, row);
    await push(level + 1, hasher.subtreeRoot(Buffer.concat(row)));
  };

  // Level 0 and the entries, streamed bundle by bundle: a window of bundles is read and hashed (on
  // libuv's thread pool, where the native hasher is built) ahead of the one being checked.
  const bundles = [...tilesAtLevel(size, ENTRIES)];
  const ahead = Math.max(1, opts.prefetch ?? 16);
  const inflight: Promise<CheckedBundle>[] = [];
  const start = (k: number) => {
    const p = checkBundle(source, bundles[k]!);
    p.catch(() => undefined); // rejections are raised when awaited, in order
    inflight.push(p);
  };
  for (let k = 0; k < Math.min(ahead, bundles.length); k++) start(k);
  let done = 0;
  for (let k = 0; k < bundles.length; k++) {
    const b = bundles[k]!;
    const { leaves, root } = await inflight.shift()!;
    if (k + ahead < bundles.length) start(k + ahead);
    objects += 2;
    collect(0, b.index, leaves);
    if (b.width < TILE_WIDTH) partial.set(0, Buffer.from(leaves));
    else await push(1, root!);
    done += b.width;
    opts.onProgress?.(done, size);
  }
  // What remains pending at each upper level is that level's partial tile.
  for (let level = 1; level < pending.length; level++) {
    const row = pending[level];
    if (row && row.length > 0) await verifyTile(level, filled[level] ?? 0, row);
  }

  const root = await treeHash(size, tileHashReader(size, (t) => Promise.resolve(partial.get(t.level) ?? null)));
  if (!bytesEqual(root, checkpoint.rootHash)) throw new VerificationError('the root recomputed from the tiles does not match the checkpoint');

  if (from) {
    const hashes = subtreesOfRange(0, from.size).map((n) => {
      const h = oldHashes.get(`${n.level}/${n.index}`);
      if (!h) throw new LedgerError(`internal: subtree ${n.level}/${n.index} of the older tree was not seen`);
      return h;
    });
    if (!bytesEqual(foldRight(hashes), from.rootHash))
      throw new VerificationError(`the log's first ${from.size} entries do not have the older checkpoint's root: the log was rewritten`);
  }
  return { checkpoint, from, entries: size, objects };
}
