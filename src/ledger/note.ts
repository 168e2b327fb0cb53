// C2SP signed notes, byte for byte: parse, format, sign with several keys, open with a set of verifiers.
import { isValidKeyName, keyIdHex, type NoteSigner, type NoteVerifier } from './ed25519.js';
import { decodeBase64, decodeUtf8, encodeBase64 } from './encoding.js';
import { MalformedError, VerificationError } from './errors.js';

/** Notes are small; anything larger is refused before parsing. */
export const MAX_NOTE_BYTES = 1 << 20;
/** The spec asks verifiers to accept at least 16 signatures; more than this is refused as malformed. */
export const MAX_SIGNATURES = 100;

const SIG_PREFIX = '\u2014 '; // EM DASH, space

export interface NoteSignature {
  name: string;
  /** The 32-bit key ID from the first four signature bytes. */
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface OpenedNote extends ParsedNote {
  /** Signatures by known keys, every one verified. */
  verified: (NoteSignature & { verifier: NoteVerifier })[];
  /** Signatures by keys the caller did not name: ignored, as the spec requires. */
  unknown: NoteSignature[];
}

function checkText(text: string, what: string): void {
  // Control characters other than newline are forbidden anywhere in a note.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new MalformedError(`${what} contains a control character`);
}

/** Checks that `text` can be the text of a note: non-empty, ends in a newline, no control characters. */
export function checkNoteText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new MalformedError('note text must end with a newline');
  checkText(text, 'note text');
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_NOTE_BYTES) throw new MalformedError('note text is too large');
  if (bytes.toString('utf8') !== text) throw new MalformedError('note text is not valid Unicode text');
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIG_PREFIX)) throw new MalformedError('a signature line must start with an em dash and a space');
  const rest = line.slice(SIG_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw new MalformedError('a signature line must be "— <name> <base64>"');
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) throw new MalformedError('a signature line has an invalid key name');
  const raw = decodeBase64(rest.slice(space + 1), 'signature');
  if (raw.length < 5) throw new MalformedError('a signature is shorter than its key ID plus one byte');
  return { name, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) };
}

/** Parses a note without verifying it. Throws MalformedError on anything outside the format. */
export function parseNote(input: Uint8Array | string): ParsedNote {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.length > MAX_NOTE_BYTES) throw new MalformedError(`note is larger than ${MAX_NOTE_BYTES} bytes`);
  const msg = decodeUtf8(bytes, 'note');
  // A string with lone surrogates does not survive the trip through UTF-8: it is not a valid note.
  if (typeof input === 'string' && msg !== input) throw new MalformedError('note is not valid Unicode text');
  checkText(msg, 'note');
  // The text ends at the last blank line; the signature block after it is one or more lines.
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedError('note has no blank line before its signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw new MalformedError('note signatures must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedError(`note has more than ${MAX_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

export function formatSignatureLine(sig: NoteSignature): string {
  const raw = Buffer.alloc(4 + sig.signature.length);
  raw.writeUInt32BE(sig.keyId >>> 0, 0);
  sig.signature.copy(raw, 4);
  return `${SIG_PREFIX}${sig.name} ${encodeBase64(raw)}\n`;
}

/** Formats a note from its text and signatures (at least one). */
export function formatNote(note: ParsedNote): string {
  checkNoteText(note.text);
  if (note.signatures.length === 0) throw new MalformedError('a note needs at least one signature');
  for (const s of note.signatures) if (!isValidKeyName(s.name)) throw new MalformedError('invalid key name in a signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/** Signs `text` with every signer, in order, keeping any existing signatures first. */
export function signNote(text: string, signers: readonly NoteSigner[], existing: readonly NoteSignature[] = []): string {
  checkNoteText(text);
  if (signers.length === 0 && existing.length === 0) throw new MalformedError('sign with at least one key');
  const bytes = Buffer.from(text, 'utf8');
  const sigs = signers.map((s) => ({ name: s.name, keyId: s.keyId, signature: s.sign(bytes) }));
  return formatNote({ text, signatures: [...existing, ...sigs] });
}

const keyOf = (name: string, keyId: number) => `${name}\n${keyId}`;

/**
 * Parses and verifies a note. Signatures by unknown keys are ignored; every signature by a known key
 * (same name and key ID) must verify; at least one must. Throws MalformedError or VerificationError.
 */
export function openNote(input: Uint8Array | string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const note = parseNote(input);
  const known = new Map<string, NoteVerifier>();
  for (const v of verifiers) if (!known.has(keyOf(v.name, v.keyId))) known.set(keyOf(v.name, v.keyId), v);
  const text = Buffer.from(note.text, 'utf8');
  const verified: OpenedNote['verified'] = [];
  const unknown: NoteSignature[] = [];
  for (const sig of note.signatures) {
    const v = known.get(keyOf(sig.name, sig.keyId));
    if (!v) {
      unknown.push(sig);
      continue;
    }
    if (!v.verify(text, sig.signature)) throw new VerificationError(`the signature by ${sig.name} (key ${keyIdHex(sig.keyId)}) does not verify`);
    if (!verified.some((s) => s.verifier === v)) verified.push({ ...sig, verifier: v });
  }
  if (verified.length === 0) {
    const names = [...new Set(note.signatures.map((s) => `${s.name}+${keyIdHex(s.keyId)}`))].join(', ');
    throw new VerificationError(`no signature by a known key (the note is signed by ${names})`);
  }
  return { ...note, verified, unknown };
}
