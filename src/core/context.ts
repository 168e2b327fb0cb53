// Who is acting, and with what: the context every service call receives.
import type { Logger } from 'pino';
import type { Role } from '../auth/roles.js';
import type { DB } from '../db/index.js';
import type { Clock } from './clock.js';

export type Actor =
  | { type: 'user'; id: string; label: string; role: Role }
  | { type: 'token'; id: string; userId: string; label: string; role: Role }
  | { type: 'system'; id: null; label: string };

export interface Ctx {
  db: DB;
  clock: Clock;
  actor: Actor | null;
  requestId?: string | undefined;
  log?: Logger | undefined;
}

/** The system actor, for migrations, seeding and scheduled work. */
export const systemActor = (label = 'system'): Actor => ({ type: 'system', id: null, label });

/** The role the actor acts with; the system actor is trusted like an admin. */
export const actorRole = (actor: Actor): Role => (actor.type === 'system' ? 'admin' : actor.role);

/** The user behind an actor (a token acts for its user). */
export const actorUserId = (actor: Actor): string | null =>
  actor.type === 'user' ? actor.id : actor.type === 'token' ? actor.userId : null;
