// Strict decoders for the ledger's text formats: canonical base64, UTF-8 without replacement, decimal sizes.
import { MalformedError } from './errors.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard base64 (RFC 4648 §4) and refuses anything Buffer.from would silently repair:
 * missing padding, stray characters, whitespace, non-zero padding bits.
 */
export function decodeBase64(s: string, what: string): Buffer {
  if (!BASE64.test(s)) throw new MalformedError(`${what} is not valid base64`);
  const bytes = Buffer.from(s, 'base64');
  if (bytes.toString('base64') !== s) throw new MalformedError(`${what} is not canonical base64`);
  return bytes;
}

export const encodeBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8, refusing invalid sequences instead of replacing them. */
export function decodeUtf8(b: Uint8Array, what: string): string {
  try {
    return utf8.decode(b);
  } catch {
    throw new MalformedError(`${what} is not valid UTF-8`);
  }
}

/** The largest tree size a checkpoint may state: 2^63 - 1. */
export const MAX_CHECKPOINT_SIZE = (1n << 63n) - 1n;

/** Parses a decimal with no sign and no leading zeros (except "0") up to 2^63 - 1. */
export function parseDecimal(s: string, what: string): bigint {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(s)) throw new MalformedError(`${what} must be a decimal number without sign or leading zeros`);
  const n = BigInt(s);
  if (n > MAX_CHECKPOINT_SIZE) throw new MalformedError(`${what} is larger than 2^63 - 1`);
  return n;
}
