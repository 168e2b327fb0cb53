// Offline proof bundles: one entry with its inclusion proof and signed checkpoint (and for the audit log the event that opens its commitment).
import { z } from 'zod';
import { auditCommitment, auditEventJson, getAuditEventAt } from '../core/audit-repo.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { DB } from '../db/index.js';
import { openCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './ed25519.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { LedgerError, MalformedError, VerificationError } from './errors.js';
import { AUDIT_LOG, type LedgerLog } from './logs.js';
import { bytesEqual, HASH_SIZE, leafHash, MAX_TREE_SIZE, verifyInclusion } from './merkle.js';
import { MAX_NOTE_BYTES } from './note.js';
import { OutOfRangeError } from './proofs.js';

export const BUNDLE_FORMAT = 'kilpi-proof-bundle/v1';
/** Bundles are small (an entry, a few dozen hashes, a note, an event); anything far larger is not one. */
export const MAX_BUNDLE_BYTES = 4 * MAX_NOTE_BYTES;

export interface ProofBundle {
  format: typeof BUNDLE_FORMAT;
  log: string;
  origin: string;
  index: number;
  /** The tree size the proof is for: the checkpoint's. */
  tree_size: number;
  /** The entry, base64. */
  entry: string;
  inclusion_proof: string[];
  /** The signed checkpoint note. */
  checkpoint: string;
  /** For the audit log: the event's canonical JSON and the salt, so SHA-256(salt ‖ event) can be checked against the entry. */
  event?: { canonical_json: string; salt: string };
}

/** Builds the bundle for entry `index` of `log` under its latest checkpoint. */
export async function makeBundle(log: LedgerLog, db: DB, index: number): Promise<ProofBundle> {
  const latest = await log.latest();
  if (!latest) throw new LedgerError(`log ${log.name} has no signed checkpoint yet`);
  const size = latest.checkpoint.size;
  if (index >= size) throw new OutOfRangeError(`entry ${index} is not covered yet: the latest checkpoint of log ${log.name} holds ${size} entries`, 'index');
  const entry = await log.entry(index, size);
  const proof = await log.inclusion(index, size, size);
  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    log: log.name,
    origin: latest.checkpoint.origin,
    index,
    tree_size: size,
    entry: encodeBase64(entry),
    inclusion_proof: proof.map(encodeBase64),
    checkpoint: latest.note,
  };
  if (log.name === AUDIT_LOG) {
    const row = await getAuditEventAt(db, index);
    if (!row) throw new LedgerError(`no audit event holds ledger index ${index}`);
    bundle.event = { canonical_json: auditEventJson(row), salt: row.ledger_salt };
  }
  return bundle;
}

const b64 = z.string().max(200);
const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  log: z.string().min(1).max(64),
  origin: z.string().min(1).max(1000),
  index: z.number().int().min(0).max(MAX_TREE_SIZE),
  tree_size: z.number().int().min(1).max(MAX_TREE_SIZE),
  entry: z.string().max(100_000),
  inclusion_proof: z.array(b64).max(64),
  checkpoint: z.string().min(1).max(MAX_NOTE_BYTES),
  event: z.object({ canonical_json: z.string().max(MAX_NOTE_BYTES), salt: b64 }).optional(),
});

export interface BundleResult {
  origin: string;
  index: number;
  size: number;
  /** The event the entry commits to, when the bundle carries one. */
  event?: { id: unknown; action: unknown; occurred_at: unknown };
}

/** Parses a bundle's text; MalformedError for anything that is not a well-formed bundle. */
export function parseBundle(text: string): ProofBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MalformedError('the bundle is not valid JSON');
  }
  const r = BundleSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new MalformedError(`the bundle is not a ${BUNDLE_FORMAT} bundle: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return r.data as ProofBundle;
}

/**
 * Checks a bundle without any access to Kilpi: a trusted key signed the checkpoint, the entry is in
 * the checkpoint's tree at the index, and — with an event — SHA-256(salt ‖ canonical event JSON) is
 * the entry. Throws VerificationError with the first reason it does not hold.
 */
export function verifyBundle(bundle: ProofBundle, verifiers: readonly NoteVerifier[]): BundleResult {
  const entry = decodeBase64(bundle.entry, 'entry');
  const proof = bundle.inclusion_proof.map((h, i) => {
    const b = decodeBase64(h, `inclusion proof hash ${i + 1}`);
    if (b.length !== HASH_SIZE) throw new MalformedError(`inclusion proof hash ${i + 1} is ${b.length} bytes, not ${HASH_SIZE}`);
    return b;
  });
  const { checkpoint } = openCheckpoint(bundle.checkpoint, verifiers);
  if (checkpoint.origin !== bundle.origin) throw new VerificationError(`the checkpoint is for log "${checkpoint.origin}", the bundle says "${bundle.origin}"`);
  if (checkpoint.size !== bundle.tree_size) throw new VerificationError(`the checkpoint is for ${checkpoint.size} entries, the bundle says ${bundle.tree_size}`);
  verifyInclusion(leafHash(entry), bundle.index, checkpoint.size, proof, checkpoint.rootHash);
  const result: BundleResult = { origin: checkpoint.origin, index: bundle.index, size: checkpoint.size };
  if (bundle.event) {
    const salt = decodeBase64(bundle.event.salt, 'event salt');
    if (salt.length !== 32) throw new MalformedError(`the event salt is ${salt.length} bytes, not 32`);
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(bundle.event.canonical_json) as Record<string, unknown>;
    } catch {
      throw new VerificationError('the event is not valid JSON');
    }
    // Only the canonical form is accepted, so one event has exactly one committed spelling.
    if (canonicalJson(event) !== bundle.event.canonical_json) throw new VerificationError('the event JSON is not in canonical form (RFC 8785)');
    if (!bytesEqual(auditCommitment(salt, bundle.event.canonical_json), entry))
      throw new VerificationError('SHA-256(salt ‖ event JSON) is not the entry: the event or its salt was changed');
    result.event = { id: event?.id, action: event?.action, occurred_at: event?.occurred_at };
  }
  return result;
}
