// Password hashing with argon2id, and generated passwords for new accounts.
import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../core/ids.js';

const OPTIONS = { algorithm: 2 /* Argon2id; the enum is const and cannot be imported here */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  if (!hashed) return false;
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// A hash of a random password: verifying against it costs the same as a real account,
// so a sign-in for an unknown email takes as long as one for a known email.
let dummy: Promise<string> | null = null;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomToken(16)));

/** A 20-character random password for accounts created without one. */
export const generatePassword = (): string => randomToken(15);
