// Shapes of the ledger in the API: the log name, proof queries, checkpoints and proofs out.
import { z } from 'zod';
import { MAX_TREE_SIZE } from './merkle.js';

/** A decimal without sign, spaces, exponent or leading zeros: what `1e3` or ` 7` would slip past z.coerce. */
const count = (what: string) =>
  z
    .string()
    .max(16, `${what} is a whole number up to ${MAX_TREE_SIZE}.`)
    .regex(/^(0|[1-9][0-9]*)$/, `${what} is a whole number without sign or leading zeros.`)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n <= MAX_TREE_SIZE, `${what} is a whole number up to ${MAX_TREE_SIZE}.`);

export const LogParam = z.object({
  log: z.string().max(64).regex(/^[a-z0-9_-]+$/, 'A log name is lower-case letters, digits, dashes and underscores.'),
});

export const InclusionQuery = z.object({
  index: count('index').describe('The entry’s index'),
  size: count('size').optional().describe('The tree size the proof is for (default: the latest checkpoint’s)'),
});
export type InclusionQuery = z.output<typeof InclusionQuery>;

export const ConsistencyQuery = z.object({
  from: count('from').describe('The older tree size (at least 1)'),
  to: count('to').optional().describe('The newer tree size (default: the latest checkpoint’s)'),
});
export type ConsistencyQuery = z.output<typeof ConsistencyQuery>;

const b64 = z.string().describe('Base64 (RFC 4648, with padding)');

export const CheckpointOut = z.object({
  log: z.string(),
  origin: z.string().describe('The checkpoint’s first line: the log’s identity'),
  size: z.number().int(),
  root_hash: b64,
  checkpoint: z.string().describe('The signed checkpoint note (C2SP tlog-checkpoint), as served at /ledger/<log>/checkpoint'),
  verifier_key: z.string().describe('The key that signs the log’s checkpoints (C2SP signed-note verifier key)'),
});
export type CheckpointOut = z.infer<typeof CheckpointOut>;

export const InclusionOut = z.object({
  log: z.string(),
  index: z.number().int(),
  size: z.number().int(),
  entry: b64.describe('The entry at the index (for the audit log: the event’s 32-byte commitment)'),
  proof: z.array(b64).describe('RFC 9162 inclusion proof, leaf to root'),
  checkpoint: z.string().describe('The latest signed checkpoint; its root verifies the proof when size is its size'),
});

export const ConsistencyOut = z.object({
  log: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  proof: z.array(b64).describe('RFC 9162 consistency proof'),
  checkpoint: z.string().describe('The latest signed checkpoint'),
});
