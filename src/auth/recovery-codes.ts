// Single-use recovery codes: 80 random bits each, shown once, stored only as SHA-256 hashes.
import { randomBytes } from 'node:crypto';
import type { DB } from '../db/index.js';
import { newId } from '../core/ids.js';
import { sha256Hex } from './tokens.js';

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** One code, `xxxx-xxxx-xxxx-xxxx` (16 characters of a 31-letter alphabet: ~79 bits). */
export function newRecoveryCode(): string {
  const bytes = randomBytes(32);
  let out = '';
  // Rejection sampling keeps every letter equally likely.
  for (let i = 0; out.length < 16 && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % ALPHABET.length];
  }
  if (out.length < 16) return newRecoveryCode();
  return out.match(/.{4}/g)!.join('-');
}

/** Lower-case without spaces or dashes: how people type codes varies, the hash must not. */
export const normaliseRecoveryCode = (s: string): string => s.toLowerCase().replace(/[\s-]/g, '');

/** True when `s` has the shape of a recovery code, before any database look-up. */
export const looksLikeRecoveryCode = (s: string): boolean => /^[a-z0-9]{16}$/.test(normaliseRecoveryCode(s));

const hashCode = (code: string): string => sha256Hex(`kilpi-recovery:${normaliseRecoveryCode(code)}`);

/** Replaces the user's codes with fresh ones; returns the plain codes to show once. */
export async function replaceRecoveryCodes(tx: DB, userId: string, now: string): Promise<string[]> {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ id: newId(), user_id: userId, code_hash: hashCode(code), used_at: null, created_at: now })))
    .execute();
  return codes;
}

/**
 * Spends a code: marks it used when it matches an unused one. The conditional update makes two
 * concurrent uses of one code impossible: only one of them changes a row.
 */
export async function consumeRecoveryCode(tx: DB, userId: string, code: string, now: string): Promise<boolean> {
  if (!looksLikeRecoveryCode(code)) return false;
  const r = await tx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function countUnusedRecoveryCodes(db: DB, userId: string): Promise<number> {
  const { n } = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}
