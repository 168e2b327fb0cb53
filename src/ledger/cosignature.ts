// tlog-cosignature/v1 (signature type 0x04): timestamped Ed25519 cosignatures by witnesses over a checkpoint.
import { MalformedError } from './errors.js';
import {
  computeKeyId,
  ED25519_SIG_SIZE,
  ed25519PrivateKeyObject,
  ed25519PublicKeyObject,
  ed25519Sign,
  ed25519Verify,
  rawPublicKey,
  requireKeyName,
  SIG_TYPE_COSIGNATURE_V1,
  type NoteSigner,
  type NoteVerifier,
} from './ed25519.js';

/** The signature bytes after the key ID: an 8-byte big-endian timestamp, then the Ed25519 signature. */
export const COSIGNATURE_SIZE = 8 + ED25519_SIG_SIZE;
const MAX_TIMESTAMP = (1n << 63n) - 1n;

/**
 * The message a cosigner signs: `cosignature/v1\n`, `time <seconds>\n`, then the whole checkpoint
 * body (every line, extension lines included, with the final newline; no signature lines).
 */
export function cosignatureMessage(timestamp: bigint, body: Uint8Array): Buffer {
  if (timestamp < 0n || timestamp > MAX_TIMESTAMP) throw new MalformedError('a cosignature timestamp is between 0 and 2^63 - 1');
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n`, 'utf8'), body]);
}

/** The timestamp (POSIX seconds) inside cosignature bytes, or null when they are not a cosignature. */
export function cosignatureTimestamp(sig: Uint8Array): bigint | null {
  if (sig.length !== COSIGNATURE_SIZE) return null;
  const ts = Buffer.from(sig.buffer, sig.byteOffset, 8).readBigUInt64BE(0);
  return ts > MAX_TIMESTAMP ? null : ts;
}

export interface CosignatureVerifier extends NoteVerifier {
  /** The time the cosignature claims, once `verify` accepted it. */
  timestampOf(sig: Uint8Array): bigint | null;
}

/** A verifier for a witness's cosignatures; key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]. */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): CosignatureVerifier {
  requireKeyName(name);
  const key = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIG_TYPE_COSIGNATURE_V1, publicKey),
    type: SIG_TYPE_COSIGNATURE_V1,
    publicKey: Buffer.from(publicKey),
    verify(text, sig) {
      const ts = cosignatureTimestamp(sig);
      if (ts === null) return false;
      return ed25519Verify(key, cosignatureMessage(ts, text), sig.subarray(8));
    },
    timestampOf: cosignatureTimestamp,
  };
}

/**
 * A cosigner, for tests and for a Kilpi instance acting as a witness of another log. `now` returns
 * POSIX seconds; the timestamp is part of what is signed.
 */
export function cosignatureSigner(name: string, seed: Uint8Array, now: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  requireKeyName(name);
  const key = ed25519PrivateKeyObject(seed);
  const publicKey = rawPublicKey(key);
  return {
    name,
    keyId: computeKeyId(name, SIG_TYPE_COSIGNATURE_V1, publicKey),
    type: SIG_TYPE_COSIGNATURE_V1,
    publicKey,
    sign(text) {
      const ts = BigInt(now());
      const out = Buffer.alloc(COSIGNATURE_SIZE);
      out.writeBigUInt64BE(ts, 0);
      ed25519Sign(key, cosignatureMessage(ts, text)).copy(out, 8);
      return out;
    },
  };
}
