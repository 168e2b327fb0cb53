// Reading the ledger for the API and pages: checkpoints and proofs, with errors a client can act on.
import { badRequest, notFound } from '../core/errors.js';
import { encodeBase64 } from './encoding.js';
import type { Ledger, LedgerLog } from './logs.js';
import { OutOfRangeError, type LatestCheckpoint } from './proofs.js';
import type { CheckpointOut, ConsistencyQuery, InclusionQuery } from './schema.js';

export function logOrThrow(ledger: Ledger | undefined, name: string): LedgerLog {
  const log = ledger?.get(name);
  if (!log) throw notFound(`The ledger log "${name}"`);
  return log;
}

async function latestOrThrow(log: LedgerLog): Promise<LatestCheckpoint> {
  const latest = await log.latest();
  if (!latest) throw notFound(`A signed checkpoint of log "${log.name}"`);
  return latest;
}

/** Turns a size or index beyond the log into a 400 naming the parameter. */
async function inRange<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof OutOfRangeError) throw badRequest(e.message, [{ field: e.field, message: e.message }]);
    throw e;
  }
}

export async function ledgerCheckpoint(ledger: Ledger | undefined, name: string): Promise<CheckpointOut> {
  const log = logOrThrow(ledger, name);
  const { checkpoint, note } = await latestOrThrow(log);
  return { log: log.name, origin: checkpoint.origin, size: checkpoint.size, root_hash: encodeBase64(checkpoint.rootHash), checkpoint: note, verifier_key: log.verifierKey };
}

export async function ledgerInclusion(ledger: Ledger | undefined, name: string, q: InclusionQuery) {
  const log = logOrThrow(ledger, name);
  const { checkpoint, note } = await latestOrThrow(log);
  const size = q.size ?? checkpoint.size;
  const proof = await inRange(() => log.inclusion(q.index, size, checkpoint.size));
  const entry = await log.entry(q.index, checkpoint.size);
  return { log: log.name, index: q.index, size, entry: encodeBase64(entry), proof: proof.map(encodeBase64), checkpoint: note };
}

export async function ledgerConsistency(ledger: Ledger | undefined, name: string, q: ConsistencyQuery) {
  const log = logOrThrow(ledger, name);
  const { checkpoint, note } = await latestOrThrow(log);
  const to = q.to ?? checkpoint.size;
  const proof = await inRange(() => log.consistency(q.from, to, checkpoint.size));
  return { log: log.name, from: q.from, to, proof: proof.map(encodeBase64), checkpoint: note };
}
