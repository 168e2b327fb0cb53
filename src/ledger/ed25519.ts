// Ed25519 note keys (signature type 0x01): key objects from raw bytes, key IDs, name rules, sign and verify.
import { createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { MalformedError } from './errors.js';
import { sha256 } from './merkle.js';

/** Signature type identifiers from c2sp.org/signed-note. */
export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;

export const ED25519_KEY_SIZE = 32;
export const ED25519_SIG_SIZE = 64;

/** Checks a signature for one key; `verify` gets the note text and the signature bytes after the key ID. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Buffer;
  verify(text: Uint8Array, sig: Uint8Array): boolean;
}

/** Produces the signature bytes (after the key ID) over a note text. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Buffer;
  sign(text: Uint8Array): Buffer;
}

// DER prefixes that wrap a raw 32-byte Ed25519 key as SPKI (public) or PKCS#8 (private seed).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519PublicKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_KEY_SIZE) throw new MalformedError('an Ed25519 public key is 32 bytes');
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw new MalformedError('not a usable Ed25519 public key');
  }
}

export function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_KEY_SIZE) throw new MalformedError('an Ed25519 private key seed is 32 bytes');
  try {
    return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  } catch {
    throw new MalformedError('not a usable Ed25519 private key');
  }
}

/** The raw 32-byte public key of a private key object. */
export function rawPublicKey(priv: KeyObject): Buffer {
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(spki.length - ED25519_KEY_SIZE));
}

/** Ed25519 verification that never throws: a malformed signature is simply invalid. */
export function ed25519Verify(key: KeyObject, message: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== ED25519_SIG_SIZE) return false;
  try {
    return cryptoVerify(null, message, key, sig);
  } catch {
    return false;
  }
}

export const ed25519Sign = (key: KeyObject, message: Uint8Array): Buffer => cryptoSign(null, message, key);

/**
 * Key names (and checkpoint origins in keys) are non-empty and hold no Unicode space, no plus sign
 * and no control character.
 */
export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 1024 && !/[\s+\u0000-\u001f\u0085]/u.test(name);
}

export function requireKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new MalformedError('a key name must be non-empty, with no spaces, no "+" and no control characters');
}

/** Key ID = first 4 bytes (big-endian uint32) of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const h = sha256(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, type]), publicKey]));
  return h.readUInt32BE(0);
}

export const keyIdHex = (id: number): string => id.toString(16).padStart(8, '0');

/** A verifier for plain Ed25519 note signatures (type 0x01). */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  requireKeyName(name);
  const key = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIG_TYPE_ED25519, publicKey),
    type: SIG_TYPE_ED25519,
    publicKey: Buffer.from(publicKey),
    verify: (text, sig) => ed25519Verify(key, text, sig),
  };
}

/** A signer for plain Ed25519 note signatures (type 0x01) from a 32-byte seed. */
export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner {
  requireKeyName(name);
  const key = ed25519PrivateKeyObject(seed);
  const publicKey = rawPublicKey(key);
  return {
    name,
    keyId: computeKeyId(name, SIG_TYPE_ED25519, publicKey),
    type: SIG_TYPE_ED25519,
    publicKey,
    sign: (text) => ed25519Sign(key, text),
  };
}
