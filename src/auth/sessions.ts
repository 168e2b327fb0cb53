// Server-side sessions: the cookie carries a random id; the database keeps only its hash.
import type { DB } from '../db/index.js';
import { randomToken } from '../core/ids.js';
import type { Limits } from '../http/env.js';
import type { SessionRow, UserRow } from './tables.js';
import { sha256Hex } from './tokens.js';

export const SESSION_COOKIE = 'kilpi_session';

export interface NewSession {
  cookie: string;
  session: SessionRow;
}

export async function createSession(
  db: DB,
  user: Pick<UserRow, 'id'>,
  opts: { now: Date; limits: Limits; mfaPassed: boolean; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const cookie = randomToken(32);
  const session: SessionRow = {
    id: sha256Hex(cookie),
    user_id: user.id,
    mfa_passed: opts.mfaPassed ? 1 : 0,
    pending_mfa_secret_enc: null,
    csrf_token: randomToken(24),
    ip: opts.ip,
    user_agent: opts.userAgent?.slice(0, 300) ?? null,
    created_at: opts.now.toISOString(),
    last_seen_at: opts.now.toISOString(),
    expires_at: new Date(opts.now.getTime() + opts.limits.sessionAbsoluteHours * 3_600_000).toISOString(),
  };
  await db.insertInto('sessions').values(session).execute();
  return { cookie, session };
}

/**
 * The live session for a cookie value, or null when unknown, idle too long or past its absolute
 * lifetime (such sessions are deleted). Touches last-seen time at most once a minute.
 */
export async function resolveSession(db: DB, cookie: string, now: Date, limits: Limits): Promise<{ session: SessionRow; user: UserRow } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return null;
  const id = sha256Hex(cookie);
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) return null;
  const idleLimit = new Date(session.last_seen_at).getTime() + limits.sessionIdleMinutes * 60_000;
  if (now.getTime() >= idleLimit || now >= new Date(session.expires_at)) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  if (!user || user.disabled_at) return null;
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  return { session, user };
}

export async function updateSession(db: DB, id: string, patch: Partial<Pick<SessionRow, 'mfa_passed' | 'pending_mfa_secret_enc'>>): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id', '=', id).execute();
}

export async function deleteSession(db: DB, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
