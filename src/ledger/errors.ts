// Ledger failures, split by what a caller tells its user: malformed input, a failed check, a refused write.

/** Base class, so callers can tell ledger failures from programming errors. */
export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is not well-formed (a note, key, checkpoint, tile or path that breaks its format). */
export class MalformedError extends LedgerError {}

/** The input is well-formed but does not verify: a signature, a proof, a root or a tile that does not match. */
export class VerificationError extends LedgerError {}

/** A write would change an immutable object (a full tile or entry bundle) that already holds other bytes. */
export class ImmutableWriteError extends LedgerError {}

/** A required object is missing from storage. */
export class NotFoundError extends LedgerError {}
