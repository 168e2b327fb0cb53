// Merkle trees: roots and proofs against a direct transcription of RFC 6962's definitions, and hostile proofs.
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerError, MalformedError, VerificationError } from '../../src/ledger/errors.js';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  isConsistencyValid,
  isInclusionValid,
  leafHash,
  MAX_TREE_SIZE,
  MemoryTree,
  nodeHash,
  rootOfLeafHashes,
  sha256,
  splitPoint,
  subtreesOfRange,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type HashReader,
} from '../../src/ledger/merkle.js';

// RFC 6962 §2.1, written as the recursive definitions: MTH, PATH and PROOF.
function mth(d: Buffer[]): Hash {
  if (d.length === 0) return sha256(Buffer.alloc(0));
  if (d.length === 1) return leafHash(d[0]!);
  const k = splitPoint(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Hash[] {
  if (d.length <= 1) return [];
  const k = splitPoint(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: Buffer[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = splitPoint(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const data = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));
const hexes = (hs: readonly Hash[]) => hs.map((h) => Buffer.from(h).toString('hex'));

describe('hashing', () => {
  it('uses the RFC 6962 prefixes and the empty-tree root', () => {
    expect(leafHash(Buffer.from('x'))).toEqual(sha256(Buffer.from([0x00, 0x78])));
    const l = Buffer.alloc(32, 1);
    const r = Buffer.alloc(32, 2);
    expect(nodeHash(l, r)).toEqual(sha256(Buffer.concat([Buffer.from([1]), l, r])));
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('decomposes ranges into aligned complete subtrees', () => {
    expect(subtreesOfRange(0, 7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
    expect(subtreesOfRange(8, 13)).toEqual([{ level: 2, index: 2 }, { level: 0, index: 12 }]);
    expect(subtreesOfRange(0, 0)).toEqual([]);
  });
});

describe('roots and proofs match RFC 6962 for every size up to 40', () => {
  const all = data(40);
  const tree = new MemoryTree();
  all.forEach((d) => tree.appendData(d));

  it('computes the same roots three ways', async () => {
    for (let n = 0; n <= 40; n++) {
      const expected = mth(all.slice(0, n));
      expect(rootOfLeafHashes(all.slice(0, n).map(leafHash))).toEqual(expected);
      expect(await treeHash(n, tree)).toEqual(expected);
    }
  });

  it('generates PATH for every index and verifies it', async () => {
    for (let n = 1; n <= 40; n++) {
      const root = mth(all.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, tree);
        expect(hexes(proof)).toEqual(hexes(path(m, all.slice(0, n))));
        verifyInclusion(leafHash(all[m]!), m, n, proof, root);
        // The same proof for any other leaf, index or size fails.
        expect(isInclusionValid(leafHash(all[(m + 1) % n]!), m, n, proof, root)).toBe(n === 1);
        if (n > 1) expect(isInclusionValid(leafHash(all[m]!), (m + 1) % n, n, proof, root)).toBe(false);
      }
    }
  });

  it('generates PROOF for every pair of sizes and verifies it', async () => {
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(m, n, tree);
        expect(hexes(proof)).toEqual(hexes(m === n ? [] : subproof(m, all.slice(0, n), true)));
        const r1 = mth(all.slice(0, m));
        const r2 = mth(all.slice(0, n));
        verifyConsistency(m, n, proof, r1, r2);
        if (m < n) {
          expect(isConsistencyValid(m, n, proof, r2, r1)).toBe(false);
          expect(isConsistencyValid(m, n, proof, r1, mth(all.slice(1, n + 1)))).toBe(false);
        }
      }
    }
  });
});

describe('hostile inclusion proofs', () => {
  const all = data(13);
  const tree = new MemoryTree();
  all.forEach((d) => tree.appendData(d));
  const root = mth(all);
  const leaf = leafHash(all[5]!);
  let proof: Hash[];
  beforeAll(async () => {
    proof = await inclusionProof(5, 13, tree);
  });

  it('accepts the genuine proof', () => expect(() => verifyInclusion(leaf, 5, 13, proof, root)).not.toThrow());

  it.each<[string, () => void, RegExp]>([
    ['a proof that is too long', () => verifyInclusion(leaf, 5, 13, [...proof, proof[0]!], root), /too long/],
    ['a proof that is too short', () => verifyInclusion(leaf, 5, 13, proof.slice(0, -1), root), /too short/],
    ['an empty proof', () => verifyInclusion(leaf, 5, 13, [], root), /too short/],
    ['index equal to size', () => verifyInclusion(leaf, 13, 13, proof, root), /not below tree size/],
    ['a negative index', () => verifyInclusion(leaf, -1, 13, proof, root), /out of range/],
    ['a fractional index', () => verifyInclusion(leaf, 5.5, 13, proof, root), /out of range/],
    ['NaN as size', () => verifyInclusion(leaf, 5, NaN, proof, root), /out of range/],
    ['a size beyond 2^53', () => verifyInclusion(leaf, 5, 2 ** 64, proof, root), /out of range/],
    ['a size given as a string', () => verifyInclusion(leaf, 5, '13' as unknown as number, proof, root), /out of range/],
    ['a 31-byte leaf hash', () => verifyInclusion(leaf.subarray(1), 5, 13, proof, root), /leaf hash/],
    ['a 33-byte root', () => verifyInclusion(leaf, 5, 13, proof, Buffer.concat([root, Buffer.alloc(1)])), /root hash/],
    ['an empty proof element', () => verifyInclusion(leaf, 5, 13, [Buffer.alloc(0), ...proof.slice(1)], root), /proof hash 1/],
    ['a proof that is not a list', () => verifyInclusion(leaf, 5, 13, 'abc' as unknown as Hash[], root), /not a list/],
    ['a proof holding strings', () => verifyInclusion(leaf, 5, 13, proof.map((p) => Buffer.from(p).toString('base64')) as unknown as Hash[], root), /proof hash/],
    ['a reordered proof', () => verifyInclusion(leaf, 5, 13, [...proof].reverse(), root), /does not lead/],
    ['a flipped bit', () => verifyInclusion(leaf, 5, 13, [Buffer.from(proof[0]!).fill(1, 0, 1), ...proof.slice(1)], root), /does not lead/],
  ])('refuses %s', (_name, run, reason) => {
    expect(run).toThrow(VerificationError);
    expect(run).toThrow(reason);
  });

  it('the boolean form never throws, whatever it is given', () => {
    expect(isInclusionValid(null as unknown as Hash, 5, 13, proof, root)).toBe(false);
    expect(isInclusionValid(leaf, 5, 13, null as unknown as Hash[], root)).toBe(false);
    expect(isInclusionValid(leaf, 5, 13, proof, root)).toBe(true);
  });
});

describe('hostile consistency proofs', () => {
  const all = data(21);
  const tree = new MemoryTree();
  all.forEach((d) => tree.appendData(d));
  const r1 = mth(all.slice(0, 6));
  const r2 = mth(all);
  let proof: Hash[];
  beforeAll(async () => {
    proof = await consistencyProof(6, 21, tree);
  });

  it('accepts the genuine proof', () => expect(() => verifyConsistency(6, 21, proof, r1, r2)).not.toThrow());

  it.each<[string, () => void, RegExp]>([
    ['a proof that is too long', () => verifyConsistency(6, 21, [...proof, proof[0]!], r1, r2), /too long/],
    ['a proof that is too short', () => verifyConsistency(6, 21, proof.slice(0, -1), r1, r2), /too short|does not lead/],
    ['an empty proof', () => verifyConsistency(6, 21, [], r1, r2), /empty/],
    ['a shrinking log', () => verifyConsistency(21, 6, proof, r2, r1), /cannot shrink/],
    ['a proof from the empty tree', () => verifyConsistency(0, 21, proof, EMPTY_ROOT, r2), /meaningless/],
    ['a proof between equal sizes', () => verifyConsistency(21, 21, proof, r2, r2), /must be empty/],
    ['equal sizes with other roots', () => verifyConsistency(21, 21, [], r1, r2), /different roots/],
    ['empty trees whose root is not the empty hash', () => verifyConsistency(0, 0, [], r1, r1), /empty tree/],
    ['a size beyond 2^53', () => verifyConsistency(6, 2 ** 60, proof, r1, r2), /out of range/],
    ['a negative size', () => verifyConsistency(-6, 21, proof, r1, r2), /out of range/],
    ['a short root', () => verifyConsistency(6, 21, proof, r1.subarray(0, 16), r2), /root1/],
    ['a long proof element', () => verifyConsistency(6, 21, [Buffer.alloc(64), ...proof.slice(1)], r1, r2), /proof hash 1/],
    ['the wrong old root', () => verifyConsistency(6, 21, proof, mth(all.slice(0, 7)), r2), /root1/],
    ['the wrong new root', () => verifyConsistency(6, 21, proof, r1, mth(all.slice(0, 20))), /root2/],
  ])('refuses %s', (_name, run, reason) => {
    expect(run).toThrow(VerificationError);
    expect(run).toThrow(reason);
  });

  it('accepts the empty tree as consistent with itself', () => {
    expect(() => verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)).not.toThrow();
  });
});

describe('proof generation', () => {
  const tree = new MemoryTree();
  data(10).forEach((d) => tree.appendData(d));

  it('refuses impossible requests', async () => {
    await expect(inclusionProof(10, 10, tree)).rejects.toThrow(MalformedError);
    await expect(inclusionProof(-1, 10, tree)).rejects.toThrow(MalformedError);
    await expect(consistencyProof(0, 10, tree)).rejects.toThrow(MalformedError);
    await expect(consistencyProof(11, 10, tree)).rejects.toThrow(MalformedError);
    await expect(treeHash(MAX_TREE_SIZE + 1, tree)).rejects.toThrow(MalformedError);
    await expect(consistencyProof(10, 10, tree)).resolves.toEqual([]);
  });

  it('refuses a tree larger than the reader holds, and readers that misbehave', async () => {
    await expect(inclusionProof(3, 11, tree)).rejects.toThrow(LedgerError);
    const short: HashReader = { readHashes: () => [] };
    await expect(inclusionProof(3, 10, short)).rejects.toThrow(/returned 0 hashes/);
    const wrong: HashReader = { readHashes: (nodes) => nodes.map(() => Buffer.alloc(31)) };
    await expect(treeHash(10, wrong)).rejects.toThrow(/wrong length/);
  });

  it('refuses a leaf hash of the wrong length in a memory tree', () => {
    expect(() => new MemoryTree().appendLeafHash(Buffer.alloc(20))).toThrow(MalformedError);
  });
});

describe('trees beyond 2^32 leaves (no 32-bit arithmetic)', () => {
  // A virtual tree whose leaves are all the same: a complete subtree's hash depends only on its level.
  const byLevel: Hash[] = [leafHash(Buffer.from('same'))];
  for (let l = 1; l < 54; l++) byLevel.push(nodeHash(byLevel[l - 1]!, byLevel[l - 1]!));
  const reader: HashReader = { readHashes: (nodes) => nodes.map((n) => byLevel[n.level]!) };

  it.each([2 ** 32 + 1, 2 ** 40 + 12345, 2 ** 52 + 3, MAX_TREE_SIZE])('proves leaves and growth in a tree of %d', async (size) => {
    const root = await treeHash(size, reader);
    for (const index of [0, 2 ** 31, 2 ** 32, size - 2, size - 1]) {
      verifyInclusion(byLevel[0]!, index, size, await inclusionProof(index, size, reader), root);
    }
    const old = size - 2 ** 31 - 7;
    verifyConsistency(old, size, await consistencyProof(old, size, reader), await treeHash(old, reader), root);
  });
});
