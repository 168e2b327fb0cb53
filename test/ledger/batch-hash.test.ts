// The batch hasher: the native addon and node:crypto give byte-identical leaf hashes and tile roots,
// and both refuse malformed arguments with an error instead of reading out of bounds.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchHasher, hasher, loadNativeBatch } from '../../src/ledger/batch-hash.js';
import { LedgerError, MalformedError } from '../../src/ledger/errors.js';
import { leafHash, rootOfLeafHashes } from '../../src/ledger/merkle.js';
import { decodeEntryBundle, encodeEntryBundle, entryBundleSpans } from '../../src/ledger/tiles.js';

const native = loadNativeBatch();
const reference = batchHasher(null);

if (!native) {
  if (process.env.CI === 'true' && process.env.KILPI_NATIVE_HASH !== '0') {
    it('has the native batch hasher built (npm ci builds it with node-gyp)', () => {
      throw new Error('CI=true but build/Release/kilpi_sha256.node is missing: `npm ci` should have built it');
    });
  } else {
    console.warn('\n[kilpi] The native batch hasher is not built: its comparison with node:crypto is SKIPPED.\n');
  }
}

/** A bundle of `count` entries of varied sizes (empty, tiny, typical, the 64 KiB maximum), as verification reads it. */
function bundle(count: number): { data: Buffer; spans: Uint32Array; entries: Buffer[] } {
  const sizes = [0, 1, 31, 32, 33, 255, 256, 257, 2048, 65535];
  const entries = Array.from({ length: count }, (_, i) => randomBytes(sizes[i % sizes.length]!));
  const data = encodeEntryBundle(entries);
  return { data, spans: entryBundleSpans(data, count), entries };
}

describe('entry bundle spans', () => {
  it('point at each entry, as decoding finds them', () => {
    const { data, spans, entries } = bundle(12);
    expect(decodeEntryBundle(data, 12)).toEqual(entries);
    entries.forEach((e, i) => expect(data.subarray(spans[2 * i]!, spans[2 * i]! + spans[2 * i + 1]!)).toEqual(e));
  });

  it('refuse a truncated bundle, one with too many or too few entries, and bytes after the last', () => {
    const { data } = bundle(3);
    expect(() => entryBundleSpans(data.subarray(0, 1), 3)).toThrow(MalformedError);
    expect(() => entryBundleSpans(data.subarray(0, data.length - 1), 3)).toThrow(MalformedError);
    expect(() => entryBundleSpans(data, 2)).toThrow(/more than 2/);
    expect(() => entryBundleSpans(data, 4)).toThrow(/holds 3 entries, not 4/);
    expect(() => entryBundleSpans(Buffer.concat([data, Buffer.from([0])]), 3)).toThrow(MalformedError);
  });
});

describe('the node:crypto batch hasher', () => {
  it('gives each entry’s RFC 6962 leaf hash, in order', () => {
    const { data, spans, entries } = bundle(13);
    const out = reference.leafHashes(data, spans);
    expect(out.length).toBe(13 * 32);
    entries.forEach((e, i) => expect(out.subarray(i * 32, (i + 1) * 32)).toEqual(leafHash(e)));
  });

  it('gives the Merkle root of a full tile and of every smaller power of two', async () => {
    for (const n of [1, 2, 4, 128, 256]) {
      const { data, spans, entries } = bundle(n);
      const { leaves, root } = await reference.tileHashes(data, spans);
      expect(root).toEqual(rootOfLeafHashes(entries.map(leafHash)));
      expect(reference.subtreeRoot(leaves)).toEqual(root);
    }
  });

  it('gives no root for a partial tile whose width is not a power of two', async () => {
    const { data, spans } = bundle(7);
    expect((await reference.tileHashes(data, spans)).root).toBeNull();
  });

  it('refuses spans past the data, and a subtree that is not a power of two of hashes or more than a tile', () => {
    expect(() => reference.leafHashes(new Uint8Array(16), new Uint32Array([10, 7]))).toThrow(LedgerError);
    expect(() => reference.leafHashes(new Uint8Array(16), new Uint32Array([1]))).toThrow(LedgerError);
    for (const bytes of [0, 31, 3 * 32, 512 * 32]) expect(() => reference.subtreeRoot(Buffer.alloc(bytes))).toThrow(LedgerError);
  });
});

describe.runIf(native)('the native batch hasher', () => {
  const fast = batchHasher(native);

  it('is the one this process uses', () => {
    expect(hasher.name).toBe(process.env.KILPI_NATIVE_HASH === '0' ? 'node:crypto' : 'native');
  });

  it('matches node:crypto byte for byte on leaves of every size, roots and partial tiles', async () => {
    for (const n of [1, 2, 7, 100, 128, 255, 256]) {
      const { data, spans } = bundle(n);
      const a = await fast.tileHashes(data, spans);
      const b = await reference.tileHashes(data, spans);
      expect(a.leaves).toEqual(b.leaves);
      expect(a.root).toEqual(b.root);
      expect(fast.leafHashes(data, spans)).toEqual(b.leaves);
      if (b.root) expect(fast.subtreeRoot(b.leaves)).toEqual(b.root);
    }
  });

  it('hashes many tiles at once on the thread pool, each result its own', async () => {
    const tiles = Array.from({ length: 24 }, () => bundle(256));
    const results = await Promise.all(tiles.map((t) => fast.tileHashes(t.data, t.spans)));
    results.forEach((r, i) => expect(r.root).toEqual(reference.subtreeRoot(reference.leafHashes(tiles[i]!.data, tiles[i]!.spans))));
  });

  it('refuses spans past the end of the data and arguments of the wrong type, reading nothing', async () => {
    const data = new Uint8Array(16);
    expect(() => native!.leafHashes(data, new Uint32Array([10, 7]))).toThrow(RangeError);
    expect(() => native!.leafHashes(data, new Uint32Array([0xffffffff, 2]))).toThrow(RangeError);
    expect(() => native!.leafHashes(data, new Uint32Array([0]))).toThrow(RangeError);
    expect(() => native!.leafHashes([1, 2] as unknown as Uint8Array, new Uint32Array(0))).toThrow(RangeError);
    expect(() => native!.tileHashes(data, new Uint32Array([8, 9]))).toThrow(RangeError);
    expect(() => native!.tileHashes(data, new Uint16Array(2) as unknown as Uint32Array)).toThrow(RangeError);
    expect(() => native!.subtreeRoot(new Uint8Array(96))).toThrow(RangeError);
    expect(() => native!.subtreeRoot(new Uint8Array(512 * 32))).toThrow(RangeError);
    expect(() => (native!.subtreeRoot as unknown as () => Buffer)()).toThrow(RangeError);
    await expect(fast.tileHashes(data, new Uint32Array([8, 9]))).rejects.toThrow(LedgerError);
  });
});
