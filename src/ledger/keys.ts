// Signed-note key strings: verifier keys `<name>+<hex id>+<base64(type ‖ key)>` and `PRIVATE+KEY+…` signer keys.
import { randomBytes } from 'node:crypto';
import { cosignatureSigner, cosignatureVerifier } from './cosignature.js';
import {
  computeKeyId,
  ED25519_KEY_SIZE,
  ed25519Signer,
  ed25519Verifier,
  isValidKeyName,
  keyIdHex,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  type NoteSigner,
  type NoteVerifier,
} from './ed25519.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { MalformedError } from './errors.js';

const PRIVATE_PREFIX = 'PRIVATE+KEY+';
const MAX_KEY_STRING = 4096;

interface KeyParts {
  name: string;
  keyId: number;
  type: number;
  key: Buffer;
}

/** Splits `name+hexid+base64` on the first two `+` only: the base64 part may contain `+` itself. */
function splitKey(s: string, what: string): KeyParts {
  if (s.length > MAX_KEY_STRING) throw new MalformedError(`${what} is too long`);
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new MalformedError(`${what} must look like <name>+<key id>+<key>`);
  const name = s.slice(0, first);
  const hex = s.slice(first + 1, second);
  const b64 = s.slice(second + 1);
  if (!isValidKeyName(name)) throw new MalformedError(`${what} has an invalid name (non-empty, no spaces, no "+")`);
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new MalformedError(`${what} has an invalid key id (8 hex digits)`);
  const raw = decodeBase64(b64, `${what} key`);
  if (raw.length < 1) throw new MalformedError(`${what} has no key material`);
  return { name, keyId: parseInt(hex, 16), type: raw[0]!, key: raw.subarray(1) };
}

function requireKeySize(parts: KeyParts, what: string): void {
  if (parts.type !== SIG_TYPE_ED25519 && parts.type !== SIG_TYPE_COSIGNATURE_V1)
    throw new MalformedError(`${what} has unsupported signature type 0x${parts.type.toString(16).padStart(2, '0')} (supported: 0x01 Ed25519, 0x04 cosignature/v1)`);
  if (parts.key.length !== ED25519_KEY_SIZE) throw new MalformedError(`${what} must hold a 32-byte Ed25519 key`);
}

/** Parses a verifier key; type 0x01 verifies note signatures, type 0x04 witness cosignatures. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const what = 'verifier key';
  if (typeof vkey !== 'string') throw new MalformedError(`${what} must be a string`);
  if (vkey.startsWith(PRIVATE_PREFIX)) throw new MalformedError('this is a private key; give the verifier key');
  const parts = splitKey(vkey, what);
  requireKeySize(parts, what);
  const v = parts.type === SIG_TYPE_ED25519 ? ed25519Verifier(parts.name, parts.key) : cosignatureVerifier(parts.name, parts.key);
  if (v.keyId !== parts.keyId) throw new MalformedError(`${what} id ${keyIdHex(parts.keyId)} does not match its name and key`);
  return v;
}

export function formatVerifierKey(v: { name: string; type: number; publicKey: Uint8Array }): string {
  const id = computeKeyId(v.name, v.type, v.publicKey);
  return `${v.name}+${keyIdHex(id)}+${encodeBase64(Buffer.concat([Buffer.from([v.type]), v.publicKey]))}`;
}

/** Parses `PRIVATE+KEY+<name>+<hex id>+<base64(type ‖ seed)>` into a signer. */
export function parseSignerKey(skey: string, now?: () => number): NoteSigner {
  const what = 'private key';
  if (typeof skey !== 'string' || !skey.startsWith(PRIVATE_PREFIX)) throw new MalformedError(`${what} must start with ${PRIVATE_PREFIX}`);
  const parts = splitKey(skey.slice(PRIVATE_PREFIX.length), what);
  requireKeySize(parts, what);
  const s = parts.type === SIG_TYPE_ED25519 ? ed25519Signer(parts.name, parts.key) : cosignatureSigner(parts.name, parts.key, now);
  if (s.keyId !== parts.keyId) throw new MalformedError(`${what} id ${keyIdHex(parts.keyId)} does not match its name and key`);
  return s;
}

export function formatSignerKey(name: string, type: number, seed: Uint8Array): string {
  const s = type === SIG_TYPE_ED25519 ? ed25519Signer(name, seed) : cosignatureSigner(name, seed);
  return `${PRIVATE_PREFIX}${name}+${keyIdHex(s.keyId)}+${encodeBase64(Buffer.concat([Buffer.from([type]), seed]))}`;
}

/** The verifier key that checks a signer's signatures. */
export const verifierKeyOf = (s: NoteSigner): string => formatVerifierKey(s);

/** Generates a new key pair; returns the private key string and its verifier key. */
export function generateKey(name: string, type: number = SIG_TYPE_ED25519): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) throw new MalformedError('a key name must be non-empty, with no spaces, no "+" and no control characters');
  if (type !== SIG_TYPE_ED25519 && type !== SIG_TYPE_COSIGNATURE_V1) throw new MalformedError('unsupported signature type');
  const skey = formatSignerKey(name, type, randomBytes(ED25519_KEY_SIZE));
  return { skey, vkey: verifierKeyOf(parseSignerKey(skey)) };
}
