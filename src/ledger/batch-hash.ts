// Leaf and tile hashing in batches: through the native addon (native/sha256_batch.c) when it was
// built, else through node:crypto one hash at a time. Both give the same bytes; only speed differs.
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
  /** Leaf hashes of the entries, 32 bytes apiece in one Buffer. */
  leafHashes(entries: readonly Buffer[]): Buffer;
  /** The root of the perfect subtree over 2^k concatenated hashes (k ≤ 8: at most one tile). */
  subtreeRoot(hashes: Uint8Array): Hash;
  /**
   * A tile's worth of entries: the leaf hashes and, for a power-of-two count (a full tile), the
   * root over them. The addon hashes on libuv's thread pool, so tiles hash on every core while the
   * JavaScript thread reads the next ones.
   */
  tileHashes(entries: readonly Buffer[]): Promise<{ leaves: Buffer; root: Hash | null }>;
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

/** Entries that are views into one allocation, as (start, length) spans over the part they cover. */
function spansOf(entries: readonly Buffer[]): { data: Uint8Array; spans: Uint32Array } | null {
  const first = entries[0];
  if (!first || !entries.every((e) => e.buffer === first.buffer)) return null;
  let base = Infinity;
  let end = 0;
  for (const e of entries) {
    base = Math.min(base, e.byteOffset);
    end = Math.max(end, e.byteOffset + e.length);
  }
  const spans = new Uint32Array(entries.length * 2);
  entries.forEach((e, i) => {
    spans[2 * i] = e.byteOffset - base;
    spans[2 * i + 1] = e.length;
  });
  return { data: new Uint8Array(first.buffer, base, end - base), spans };
}

/** A batch hasher over the addon, or over node:crypto when `native` is null. */
export function batchHasher(native: NativeBatch | null): BatchHasher {
  function leafHashes(entries: readonly Buffer[]): Buffer {
    const shared = native && spansOf(entries);
    if (shared) return native.leafHashes(shared.data, shared.spans);
    const out = Buffer.allocUnsafe(entries.length * HASH_SIZE);
    entries.forEach((e, i) => out.set(leafHash(e), i * HASH_SIZE));
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
  async function tileHashes(entries: readonly Buffer[]): Promise<{ leaves: Buffer; root: Hash | null }> {
    const n = entries.length;
    const shared = native && spansOf(entries);
    if (shared) {
      const out = await native.tileHashes(shared.data, shared.spans);
      return { leaves: out.subarray(0, n * HASH_SIZE), root: isSubtreeCount(n) ? out.subarray(n * HASH_SIZE) : null };
    }
    const leaves = leafHashes(entries);
    return { leaves, root: isSubtreeCount(n) ? subtreeRoot(leaves) : null };
  }
  return { name: native ? 'native' : 'node:crypto', leafHashes, subtreeRoot, tileHashes };
}

/** The hasher this process uses. */
export const hasher: BatchHasher = batchHasher(loadNativeBatch());
