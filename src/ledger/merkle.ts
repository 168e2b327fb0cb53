// RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashing, roots, inclusion and consistency proofs.
import { hash as sha256OneShot } from 'node:crypto';
import { LedgerError, MalformedError, VerificationError } from './errors.js';

export const HASH_SIZE = 32;

/** A 32-byte SHA-256 hash. */
export type Hash = Uint8Array;

/**
 * The largest tree size (and index) this implementation handles: 2^53 - 1, the largest integer a
 * JavaScript number holds exactly. Checkpoints may state sizes up to 2^63 - 1; those are refused
 * with a clear error rather than silently rounded.
 */
export const MAX_TREE_SIZE = Number.MAX_SAFE_INTEGER;

/** A complete subtree: the 2^level leaves starting at index * 2^level. */
export interface NodeId {
  level: number;
  index: number;
}

/**
 * Reads hashes of complete subtrees. Proof generation asks for every hash it needs in one call, so a
 * reader backed by tiles fetches each tile once instead of loading every leaf.
 */
export interface HashReader {
  readHashes(nodes: readonly NodeId[]): Promise<readonly Hash[]> | readonly Hash[];
}

export const sha256 = (data: Uint8Array): Buffer => sha256OneShot('sha256', data, 'buffer');

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array(0));

// Hashing is synchronous, so one scratch buffer per shape can hold the prefixed input: no allocation per hash,
// which is most of the cost besides SHA-256 itself for small entries.
const SCRATCH_MAX = 1 << 16;
let leafScratch = Buffer.allocUnsafe(4096);
const nodeScratch = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);

/** Leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  const n = data.length + 1;
  if (n > leafScratch.length) {
    if (n > SCRATCH_MAX) return sha256(Buffer.concat([Buffer.from([0x00]), data]));
    leafScratch = Buffer.allocUnsafe(SCRATCH_MAX);
  }
  leafScratch[0] = 0x00;
  leafScratch.set(data, 1);
  return sha256(leafScratch.subarray(0, n));
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new LedgerError('node hashes combine two 32-byte hashes');
  nodeScratch[0] = 0x01;
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export const isTreeSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** 2^level as an exact number (bit shifts in JavaScript stop at 32 bits). */
export const pow2 = (level: number): number => 2 ** level;

/** The largest power of two strictly below n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * Splits the leaf range [start, end) into maximal aligned complete subtrees, left to right. For the
 * ranges RFC 6962 uses (start aligned to a power of two at least as large as the range), folding
 * these hashes from the right gives the range's Merkle tree hash.
 */
export function subtreesOfRange(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  while (start < end) {
    let level = 0;
    // Grow the block while it stays aligned at start and inside the range.
    while (start % pow2(level + 1) === 0 && start + pow2(level + 1) <= end) level++;
    out.push({ level, index: start / pow2(level) });
    start += pow2(level);
  }
  return out;
}

/** Folds subtree hashes from the right: H(a, H(b, H(c, d))). */
export function foldRight(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

/** Merkle tree hash of a list of leaf hashes (small trees and tiles; large trees use a HashReader). */
export function rootOfLeafHashes(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  // A stack of complete subtrees, merged as the binary counter of leaves carries.
  const stack: { level: number; hash: Hash }[] = [];
  for (const leaf of leaves) {
    let node = { level: 0, hash: leaf };
    while (stack.length > 0 && stack[stack.length - 1]!.level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
    }
    stack.push(node);
  }
  return foldRight(stack.map((s) => s.hash));
}

function requireSize(n: unknown, what: string): number {
  if (!isTreeSize(n)) throw new MalformedError(`${what} must be an integer from 0 to ${MAX_TREE_SIZE}`);
  return n;
}

async function readAll(reader: HashReader, nodes: readonly NodeId[]): Promise<readonly Hash[]> {
  if (nodes.length === 0) return [];
  const hashes = await reader.readHashes(nodes);
  if (hashes.length !== nodes.length) throw new LedgerError(`hash reader returned ${hashes.length} hashes for ${nodes.length} nodes`);
  for (const h of hashes) if (h.length !== HASH_SIZE) throw new LedgerError('hash reader returned a hash of the wrong length');
  return hashes;
}

/** Reads the hashes of several ranges in one batch and folds each range. */
async function rangeHashes(ranges: readonly (readonly [number, number])[], reader: HashReader): Promise<Hash[]> {
  const parts = ranges.map(([lo, hi]) => subtreesOfRange(lo, hi));
  const hashes = await readAll(reader, parts.flat());
  let at = 0;
  return parts.map((p) => {
    const slice = hashes.slice(at, at + p.length);
    at += p.length;
    return foldRight(slice);
  });
}

/** The root hash of the first `size` leaves. */
export async function treeHash(size: number, reader: HashReader): Promise<Hash> {
  requireSize(size, 'tree size');
  if (size === 0) return EMPTY_ROOT;
  return (await rangeHashes([[0, size]], reader))[0]!;
}

/** The leaf ranges whose hashes form PATH(index, D[0:size]), bottom-up (RFC 6962 §2.1.1). */
export function inclusionRanges(index: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/** The leaf ranges whose hashes form PROOF(size1, D[0:size2]), bottom-up (RFC 6962 §2.1.2). */
export function consistencyRanges(size1: number, size2: number): [number, number][] {
  const ranges: [number, number][] = [];
  let m = size1;
  let lo = 0;
  let hi = size2;
  let whole = true; // the subtree [lo, hi) is the old tree's root itself, which the verifier already has
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      m -= k;
      lo += k;
      whole = false;
    }
  }
  if (!whole) ranges.push([lo, hi]);
  return ranges.reverse();
}

/** Inclusion proof for leaf `index` in the tree of `size` leaves. */
export async function inclusionProof(index: number, size: number, reader: HashReader): Promise<Hash[]> {
  requireSize(size, 'tree size');
  requireSize(index, 'leaf index');
  if (index >= size) throw new MalformedError(`leaf index ${index} is not below tree size ${size}`);
  return rangeHashes(inclusionRanges(index, size), reader);
}

/** Consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
export async function consistencyProof(size1: number, size2: number, reader: HashReader): Promise<Hash[]> {
  requireSize(size1, 'size1');
  requireSize(size2, 'size2');
  if (size1 > size2) throw new MalformedError(`size1 ${size1} is larger than size2 ${size2}`);
  if (size1 === size2) return [];
  if (size1 === 0) throw new MalformedError('a consistency proof from the empty tree is meaningless');
  return rangeHashes(consistencyRanges(size1, size2), reader);
}

function checkHash(h: unknown, what: string): asserts h is Hash {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) throw new VerificationError(`${what} is not a ${HASH_SIZE}-byte hash`);
}

function checkProof(proof: unknown): asserts proof is readonly Hash[] {
  if (!Array.isArray(proof)) throw new VerificationError('proof is not a list of hashes');
  proof.forEach((p, i) => checkHash(p, `proof hash ${i + 1}`));
}

function checkSizeArg(n: unknown, what: string): asserts n is number {
  if (!isTreeSize(n)) throw new VerificationError(`${what} is out of range (0 to ${MAX_TREE_SIZE})`);
}

/** The root an inclusion proof leads to (RFC 9162 §2.1.3.2); throws VerificationError on a malformed proof. */
export function rootFromInclusionProof(leaf: Hash, index: number, size: number, proof: readonly Hash[]): Hash {
  checkSizeArg(size, 'tree size');
  checkSizeArg(index, 'leaf index');
  if (index >= size) throw new VerificationError(`leaf index ${index} is not below tree size ${size}`);
  checkHash(leaf, 'leaf hash');
  checkProof(proof);
  let fn = index;
  let sn = size - 1;
  let r: Hash = leaf;
  for (const p of proof) {
    if (sn === 0) throw new VerificationError('inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerificationError('inclusion proof is too short');
  return r;
}

/** Verifies that `leaf` is at `index` in the tree of `size` leaves with root `root`; throws VerificationError if not. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): void {
  checkHash(root, 'root hash');
  const computed = rootFromInclusionProof(leaf, index, size, proof);
  if (!bytesEqual(computed, root)) throw new VerificationError('inclusion proof does not lead to the root hash');
}

/**
 * Verifies that the tree of `size2` leaves (root2) extends the tree of `size1` leaves (root1)
 * (RFC 9162 §2.1.4.2); throws VerificationError if not.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Hash[], root1: Hash, root2: Hash): void {
  checkSizeArg(size1, 'size1');
  checkSizeArg(size2, 'size2');
  if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) throw new VerificationError('roots must be byte strings');
  if (!Array.isArray(proof)) throw new VerificationError('proof is not a list of hashes');
  if (size1 > size2) throw new VerificationError(`size1 ${size1} is larger than size2 ${size2}: the log cannot shrink`);
  if (size1 === size2) {
    if (proof.length > 0) throw new VerificationError('proof must be empty when the sizes are equal');
    if (size1 === 0 && !(bytesEqual(root1, EMPTY_ROOT) && bytesEqual(root2, EMPTY_ROOT)))
      throw new VerificationError('the root of the empty tree must be SHA-256 of the empty string');
    if (!bytesEqual(root1, root2)) throw new VerificationError('equal sizes but different roots');
    return;
  }
  if (size1 === 0) throw new VerificationError('a consistency proof from the empty tree is meaningless');
  if (proof.length === 0) throw new VerificationError('consistency proof is empty');
  checkHash(root1, 'root1');
  checkHash(root2, 'root2');
  checkProof(proof);

  // When the old tree is a complete subtree, its root is the proof's implicit first element.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Hash = path[0]!;
  let sr: Hash = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new VerificationError('consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerificationError('consistency proof is too short');
  if (!bytesEqual(fr, root1)) throw new VerificationError('consistency proof does not lead to root1');
  if (!bytesEqual(sr, root2)) throw new VerificationError('consistency proof does not lead to root2');
}

/** Boolean forms, for callers that only need a yes or no; they never throw. */
export function isInclusionValid(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  try {
    verifyInclusion(leaf, index, size, proof, root);
    return true;
  } catch {
    return false;
  }
}

export function isConsistencyValid(size1: number, size2: number, proof: readonly Hash[], root1: Hash, root2: Hash): boolean {
  try {
    verifyConsistency(size1, size2, proof, root1, root2);
    return true;
  } catch {
    return false;
  }
}

/**
 * An in-memory tree that keeps every level: the reference HashReader for tests and small logs,
 * and for the hashes of one batch before it is written out as tiles.
 */
export class MemoryTree implements HashReader {
  private readonly levels: Hash[][] = [[]];

  get size(): number {
    return this.levels[0]!.length;
  }

  appendLeafHash(leaf: Hash): void {
    if (leaf.length !== HASH_SIZE) throw new MalformedError('leaf hash must be 32 bytes');
    let level = 0;
    let h = leaf;
    for (;;) {
      const row = (this.levels[level] ??= []);
      row.push(h);
      if (row.length % 2 === 1) return;
      h = nodeHash(row[row.length - 2]!, h);
      level++;
    }
  }

  appendData(data: Uint8Array): void {
    this.appendLeafHash(leafHash(data));
  }

  readHashes(nodes: readonly NodeId[]): Hash[] {
    return nodes.map(({ level, index }) => {
      const h = this.levels[level]?.[index];
      if (!h) throw new LedgerError(`no complete subtree at level ${level}, index ${index}`);
      return h;
    });
  }

  root(size = this.size): Promise<Hash> {
    return treeHash(size, this);
  }
}
