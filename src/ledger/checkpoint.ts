// C2SP tlog-checkpoint: origin, tree size and root hash as a signed note; parse, format, sign and verify.
import { SIG_TYPE_COSIGNATURE_V1, type NoteSigner, type NoteVerifier } from './ed25519.js';
import { cosignatureTimestamp } from './cosignature.js';
import { decodeBase64, encodeBase64, parseDecimal } from './encoding.js';
import { MalformedError, VerificationError } from './errors.js';
import { HASH_SIZE, MAX_TREE_SIZE } from './merkle.js';
import { checkNoteText, openNote, parseNote, signNote, type OpenedNote } from './note.js';

export interface Checkpoint {
  /** The log's identity, e.g. `kilpi.example.com/audit`. */
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Optional opaque lines after the root hash (not recommended by the spec; kept byte for byte). */
  extensions: string[];
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
  /** Verified witness cosignatures (type 0x04) with the time each claims. */
  cosignatures: { name: string; timestamp: bigint }[];
}

/** Parses the text of a checkpoint note (without signatures). Throws MalformedError. */
export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedError('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new MalformedError('a checkpoint has an origin line, a tree size line and a root hash line');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new MalformedError('checkpoint origin is empty');
  const big = parseDecimal(sizeLine, 'checkpoint tree size');
  if (big > BigInt(MAX_TREE_SIZE)) throw new MalformedError(`checkpoint tree size ${big} is beyond 2^53 - 1, the largest this verifier supports`);
  const rootHash = decodeBase64(rootLine, 'checkpoint root hash');
  if (rootHash.length !== HASH_SIZE) throw new MalformedError(`checkpoint root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`);
  if (extensions.some((l) => l.length === 0)) throw new MalformedError('checkpoint extension lines must not be empty');
  return { origin, size: Number(big), rootHash, extensions };
}

export function formatCheckpointText(cp: Checkpoint): string {
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new MalformedError('checkpoint size out of range');
  if (cp.rootHash.length !== HASH_SIZE) throw new MalformedError('checkpoint root hash must be 32 bytes');
  const text = [cp.origin, String(cp.size), encodeBase64(cp.rootHash), ...cp.extensions].join('\n') + '\n';
  checkNoteText(text);
  // Round-trip through the parser so nothing unparseable is ever signed.
  parseCheckpointText(text);
  return text;
}

/** Signs a checkpoint with one or more keys and returns the note. */
export function signCheckpoint(cp: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpointText(cp), signers);
}

/**
 * Parses and verifies a checkpoint note: the text must be a well-formed checkpoint (else
 * MalformedError), and a known key must have signed it (else VerificationError). With `origin`, the
 * checkpoint must also be for that log.
 */
export function openCheckpoint(input: Uint8Array | string, verifiers: readonly NoteVerifier[], opts: { origin?: string } = {}): OpenedCheckpoint {
  const checkpoint = parseCheckpointText(parseNote(input).text);
  const note = openNote(input, verifiers);
  if (opts.origin !== undefined && checkpoint.origin !== opts.origin)
    throw new VerificationError(`checkpoint is for log "${checkpoint.origin}", not "${opts.origin}"`);
  const cosignatures = note.verified
    .filter((s) => s.verifier.type === SIG_TYPE_COSIGNATURE_V1)
    .map((s) => ({ name: s.name, timestamp: cosignatureTimestamp(s.signature) ?? 0n }));
  return { checkpoint, note, cosignatures };
}
