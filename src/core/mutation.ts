// The one path every mutation takes: a transaction that writes the change and its audit events.
import { sql } from 'kysely';
import { dialectOf, type DB } from '../db/index.js';
import { insertAuditEvent } from './audit-repo.js';
import { canonicalJson } from './canonical-json.js';
import type { Actor, Ctx } from './context.js';
import { newId } from './ids.js';

export interface AuditRecord {
  /** Dotted verb, e.g. `person.create`, `auth.login_failed`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface MutationScope {
  /** The transaction; pass it to repo functions. */
  tx: DB;
  actor: Actor;
  now: string;
  /** Records an audit event inside the same transaction. */
  record(event: AuditRecord): Promise<void>;
}

// Audit-writing transactions on PostgreSQL serialise on this lock, so `seq` order equals commit
// order: the ledger sequencer can then read the trail as a strictly ordered log.
const AUDIT_LOCK_KEY = 7_461_001;

// Who wants to hear that audit events were committed on a database: the ledger sequencer, which
// then stages them at once instead of waiting for its next poll.
const committedListeners = new WeakMap<object, Set<() => void>>();

/** Calls `listener` after every commit on `db` that recorded audit events; returns the unsubscribe. */
export function onAuditCommitted(db: DB, listener: () => void): () => void {
  let set = committedListeners.get(db);
  if (!set) committedListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function notifyCommitted(db: DB): void {
  for (const listener of committedListeners.get(db) ?? []) {
    try {
      listener();
    } catch {
      // A listener's failure is its own; the mutation has committed.
    }
  }
}

/**
 * Runs `fn` in a transaction and commits only when it recorded at least one audit event.
 * Throws when the context has no actor: every change is attributable.
 */
export async function mutate<T>(ctx: Ctx, fn: (m: MutationScope) => Promise<T>): Promise<T> {
  const actor = ctx.actor;
  if (!actor) throw new Error('mutation without an actor');
  const result = await ctx.db.transaction().execute(async (tx) => {
    let recorded = 0;
    let locked = false;
    const now = ctx.clock.now().toISOString();
    const scope: MutationScope = {
      tx,
      actor,
      now,
      async record(e) {
        if (!locked && dialectOf(tx) === 'postgres') {
          await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(tx);
          locked = true;
        }
        await insertAuditEvent(tx, {
          id: newId(),
          occurred_at: now,
          actor_type: actor.type,
          actor_id: actor.id,
          actor_label: actor.label,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          before_json: e.before === undefined || e.before === null ? null : canonicalJson(e.before),
          after_json: e.after === undefined || e.after === null ? null : canonicalJson(e.after),
          request_id: ctx.requestId ?? null,
        });
        recorded++;
      },
    };
    const out = await fn(scope);
    if (recorded === 0) throw new Error('mutation recorded no audit event');
    return out;
  });
  notifyCommitted(ctx.db);
  return result;
}
