// Leaf and tile hashing in batches: through the native addon (native/sha256_batch.c) when it was
// built, else through node:crypto one hash at a time. Both give the same bytes; only speed differs.
// Entries are given as (start, length) spans into one buffer, as an entry bundle holds them.
import { createRequire } from 'node:module';
import { LedgerError } from './errors.js';
import { HASH_SIZE, leafHash, nodeHash, type Hash } from './merkle.js';

/** The addon's functions (native/sha256_batch.c). */
export interface NativeBatch {
  leafHashes(data: Uint8Array, spans: Uint32Array): Buffer;
  subtreeRoot(hashes: Uint8Array): Buffer;
  /** On the thread pool: the leaf hashes, then the subtree root when the count is a power of two ≤ 256. */
  tileHashes(data: Uint8Array, spans: Uint32Array): Promise<Buffer>;
}

export interface BatchHasher {
  /** `native` when the addon does the work, else `node:crypto`. */
  name: 'native' | 'node:crypto';
  /** Leaf hashes of the entries at `spans` ((start, length) pairs into `data`), 32 bytes apiece. */
  leafHashes(data: Uint8Array, spans: Uint32Array): Buffer;
  /** The root of the perfect subtree over 2^k concatenated hashes (k ≤ 8: at most one tile). */
  subtreeRoot(hashes: Uint8Array): Hash;
  /**
   * A tile's worth of entries: the leaf hashes and, for a power-of-two count (a full tile), the
   * root over them. The addon hashes on libuv's thread pool, so tiles hash on every core while the
   * JavaScript thread reads the next ones.
   */
  tileHashes(data: Uint8Array, spans: Uint32Array): Promise<{ leaves: Buffer; root: Hash | null }>;
}

/** The addon, or null when it was not built (or KILPI_NATIVE_HASH=0 turns it off). */
export function loadNativeBatch(): NativeBatch | null {
  if (process.env.KILPI_NATIVE_HASH === '0') return null;
  try {
    // From src/ledger (tsx) and dist/ledger (built) alike, the addon is two levels up.
    return createRequire(import.meta.url)('../../build/Release/kilpi_sha256.node') as NativeBatch;
  } catch {
    return null;
  }
}

const isSubtreeCount = (n: number) => Number.isInteger(n) && n >= 1 && n <= 256 && (n & (n - 1)) === 0;

function checkSpans(data: Uint8Array, spans: Uint32Array): void {
  if (spans.length % 2 !== 0) throw new LedgerError('spans come in (start, length) pairs');
  for (let i = 0; i < spans.length; i += 2) {
    if (spans[i]! + spans[i + 1]! > data.length) throw new LedgerError('a span reaches past the data');
  }
}

/** A batch hasher over the addon, or over node:crypto when `native` is null. */
export function batchHasher(native: NativeBatch | null): BatchHasher {
  function leafHashes(data: Uint8Array, spans: Uint32Array): Buffer {
    checkSpans(data, spans);
    if (native) return native.leafHashes(data, spans);
    const out = Buffer.allocUnsafe((spans.length / 2) * HASH_SIZE);
    for (let i = 0; i < spans.length; i += 2) out.set(leafHash(data.subarray(spans[i]!, spans[i]! + spans[i + 1]!)), (i / 2) * HASH_SIZE);
    return out;
  }
  function subtreeRoot(hashes: Uint8Array): Hash {
    if (!isSubtreeCount(hashes.length / HASH_SIZE)) throw new LedgerError('a subtree root combines a power of two of 32-byte hashes, at most 256');
    if (native) return native.subtreeRoot(hashes);
    let row: Hash[] = [];
    for (let i = 0; i < hashes.length; i += HASH_SIZE) row.push(hashes.subarray(i, i + HASH_SIZE));
    while (row.length > 1) {
      const next: Hash[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
      row = next;
    }
    return row[0]!;
  }
  async function tileHashes(data: Uint8Array, spans: Uint32Array): Promise<{ leaves: Buffer; root: Hash | null }> {
    const n = spans.length / 2;
    if (native) {
      checkSpans(data, spans);
      const out = await native.tileHashes(data, spans);
      return { leaves: out.subarray(0, n * HASH_SIZE), root: isSubtreeCount(n) ? out.subarray(n * HASH_SIZE) : null };
    }
    const leaves = leafHashes(data, spans);
    return { leaves, root: isSubtreeCount(n) ? subtreeRoot(leaves) : null };
  }
  return { name: native ? 'native' : 'node:crypto', leafHashes, subtreeRoot, tileHashes };
}

/** The hasher this process uses. */
export const hasher: BatchHasher = batchHasher(loadNativeBatch());
