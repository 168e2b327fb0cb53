// Signing in and out: password check, lockout, per-address throttling, the MFA challenge, all audited.
import type { Clock } from '../core/clock.js';
import { systemActor, type Actor, type Ctx } from '../core/context.js';
import { isAppError } from '../core/errors.js';
import { mutate, type MutationScope } from '../core/mutation.js';
import type { DB } from '../db/index.js';
import type { Limits } from '../http/env.js';
import { RateLimiter } from '../http/middleware/rate-limit.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import { MFA_REQUIRED_ROLES } from './roles.js';
import { open } from './secret-box.js';
import { createSession, deleteSession, type NewSession } from './sessions.js';
import type { SessionRow, UserRow } from './tables.js';
import { sha256Hex } from './tokens.js';
import { looksLikeTotp, verifyTotp } from './totp.js';
import { claimTotpStep, findUserByEmail, findUserById } from './users-repo.js';
import { emailSchema } from './users-service.js';

/** What sign-in needs from the app and the request. */
export interface SignInEnv {
  db: DB;
  clock: Clock;
  limits: Limits;
  secretKey: Buffer;
  requestId?: string | undefined;
  ip: string;
  userAgent: string | null;
  /** The object the in-memory throttles belong to (one per running app). */
  state: object;
}

export type Refusal = { ok: false; reason: 'invalid' | 'locked'; minutes?: number };
/** After a good password: signed in, or a session that still owes the MFA challenge or enrolment. */
export type PasswordOutcome = { ok: true; session: NewSession; user: UserRow; step: 'done' | 'mfa' | 'enrol' } | Refusal;

// ---- in-memory throttles, one set per app ----

/**
 * Failure counts for emails with no (enabled) account. They lock exactly like real accounts, so
 * "temporarily locked" does not tell an attacker which emails exist.
 */
class PhantomLockout {
  private entries = new Map<string, { failures: number; lockedUntil: number }>();
  lockedMinutes(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.lockedUntil > now ? Math.ceil((e.lockedUntil - now) / 60_000) : 0;
  }
  fail(key: string, now: number, limits: Limits): boolean {
    if (this.entries.size > 50_000) this.entries.clear();
    const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    e.failures++;
    if (e.failures >= limits.lockoutThreshold) {
      e.failures = 0;
      e.lockedUntil = now + limits.lockoutMinutes * 60_000;
    }
    this.entries.set(key, e);
    return e.lockedUntil > now;
  }
}

interface Throttles {
  limiter: RateLimiter;
  phantom: PhantomLockout;
  /** When each address last had a refusal audited: one event per address and minute, not a flood. */
  auditedAt: Map<string, number>;
}
const throttles = new WeakMap<object, Throttles>();
function throttlesFor(env: SignInEnv): Throttles {
  let t = throttles.get(env.state);
  if (!t) {
    t = { limiter: new RateLimiter(env.limits.loginPerMinute), phantom: new PhantomLockout(), auditedAt: new Map() };
    throttles.set(env.state, t);
  }
  return t;
}

// ---- helpers ----

const anonymous = (env: SignInEnv): Actor => systemActor(`anonymous (ip ${env.ip})`);
const userActor = (u: UserRow): Actor => ({ type: 'user', id: u.id, label: u.email, role: u.role });
const ctxFor = (env: SignInEnv, actor: Actor): Ctx => ({ db: env.db, clock: env.clock, actor, requestId: env.requestId });
/** The same rule the authenticate middleware applies: enrolled users and privileged roles owe MFA. */
const needsMfa = (u: UserRow): boolean => u.mfa_enabled_at !== null || MFA_REQUIRED_ROLES.has(u.role);
const lockState = (u: Pick<UserRow, 'failed_logins' | 'locked_until'>) => ({ failed_logins: u.failed_logins, locked_until: u.locked_until });

/** Minutes left on an account's lock; 0 when it is not locked. */
export function minutesLocked(u: Pick<UserRow, 'locked_until'>, now: Date): number {
  if (!u.locked_until) return 0;
  const left = Date.parse(u.locked_until) - now.getTime();
  return left > 0 ? Math.ceil(left / 60_000) : 0;
}

/**
 * Counts one sign-in attempt from the caller's address; throws 429 with Retry-After over the limit.
 * The first refusal per address and minute is audited.
 */
export async function throttleSignIn(env: SignInEnv): Promise<void> {
  const t = throttlesFor(env);
  const now = env.clock.now().getTime();
  try {
    t.limiter.hit(`login:${env.ip}`, now);
  } catch (e) {
    if (isAppError(e) && e.status === 429 && now - (t.auditedAt.get(env.ip) ?? -Infinity) >= 60_000) {
      if (t.auditedAt.size > 50_000) t.auditedAt.clear();
      t.auditedAt.set(env.ip, now);
      await mutate(ctxFor(env, anonymous(env)), (m) =>
        m.record({ action: 'auth.rate_limited', entityType: 'client', entityId: env.ip, after: { ip: env.ip, limit_per_minute: env.limits.loginPerMinute } }),
      );
    }
    throw e;
  }
}

/**
 * Records a failed password or MFA code for a known user: the counter goes up atomically, and
 * reaching the threshold locks the account for `lockoutMinutes`. Returns true when it is now locked.
 */
async function recordFailure(m: MutationScope, env: SignInEnv, user: UserRow, action: string, reason: string): Promise<boolean> {
  await m.tx
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', user.id)
    .execute();
  let after = (await findUserById(m.tx, user.id))!;
  await m.record({ action, entityType: 'user', entityId: user.id, before: lockState(user), after: { ...lockState(after), reason, ip: env.ip } });
  if (after.failed_logins < env.limits.lockoutThreshold) return false;
  const lockedUntil = new Date(Date.parse(m.now) + env.limits.lockoutMinutes * 60_000).toISOString();
  await m.tx.updateTable('users').set({ failed_logins: 0, locked_until: lockedUntil }).where('id', '=', user.id).execute();
  // Half-signed-in sessions die with the lock: none of them may keep guessing codes. (A user who
  // needs no MFA has no half sessions; their sessions without MFA are complete ones and stay.)
  if (needsMfa(user)) await m.tx.deleteFrom('sessions').where('user_id', '=', user.id).where('mfa_passed', '=', 0).execute();
  const before = after;
  after = (await findUserById(m.tx, user.id))!;
  await m.record({ action: 'auth.locked', entityType: 'user', entityId: user.id, before: lockState(before), after: { ...lockState(after), ip: env.ip } });
  return true;
}

/**
 * The bookkeeping of a completed sign-in, and a fresh session. `mfa_passed` records whether a
 * second factor was really used: a staff member signed in by password alone who is later made an
 * admin then owes enrolment on their next request, instead of carrying a session that never had MFA.
 */
export async function completeSignIn(m: MutationScope, env: SignInEnv, user: UserRow, method: 'password' | 'password+totp' | 'password+recovery_code' | 'password+totp_enrolment', replacing: SessionRow | null): Promise<NewSession> {
  if (replacing) await deleteSession(m.tx, replacing.id);
  await m.tx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: m.now }).where('id', '=', user.id).execute();
  const session = await createSession(m.tx, user, { now: env.clock.now(), limits: env.limits, mfaPassed: method !== 'password', ip: env.ip, userAgent: env.userAgent });
  await m.record({ action: 'auth.login', entityType: 'user', entityId: user.id, after: { method, ip: env.ip } });
  return session;
}

// ---- use cases ----

/**
 * Step one: email and password. Unknown emails cost the same argon2 verification as real ones and
 * get the same answer. Any session the browser held before is deleted, never upgraded.
 */
export async function signInWithPassword(env: SignInEnv, input: { email: string; password: string; previous: SessionRow | null }): Promise<PasswordOutcome> {
  const now = env.clock.now();
  const parsed = emailSchema.safeParse(input.email);
  const email = parsed.success ? parsed.data : null;
  const found = email ? await findUserByEmail(env.db, email) : undefined;
  const user = found && !found.disabled_at && found.password_hash ? found : undefined;
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password.slice(0, 4096));
  if (input.previous) await deleteSession(env.db, input.previous.id);

  if (!user) {
    // Only a well-formed address is kept: a password typed into the email field must not reach the trail.
    const t = throttlesFor(env);
    const key = sha256Hex(email ?? input.email.slice(0, 512));
    const already = t.phantom.lockedMinutes(key, now.getTime());
    const locked = already > 0 || t.phantom.fail(key, now.getTime(), env.limits);
    await mutate(ctxFor(env, anonymous(env)), (m) =>
      m.record({
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: found?.id ?? 'unknown',
        after: { email, reason: found ? 'disabled' : 'unknown_account', ip: env.ip },
      }),
    );
    return locked ? { ok: false, reason: 'locked', minutes: t.phantom.lockedMinutes(key, now.getTime()) } : { ok: false, reason: 'invalid' };
  }

  const lockedFor = minutesLocked(user, now);
  if (lockedFor > 0) {
    await mutate(ctxFor(env, anonymous(env)), (m) =>
      m.record({ action: 'auth.login_failed', entityType: 'user', entityId: user.id, after: { ...lockState(user), reason: 'locked', ip: env.ip } }),
    );
    return { ok: false, reason: 'locked', minutes: lockedFor };
  }

  if (!passwordOk) {
    const locked = await mutate(ctxFor(env, anonymous(env)), (m) => recordFailure(m, env, user, 'auth.login_failed', 'bad_password'));
    return locked ? { ok: false, reason: 'locked', minutes: env.limits.lockoutMinutes } : { ok: false, reason: 'invalid' };
  }

  if (needsMfa(user)) {
    // Half a sign-in: the session can only reach the MFA challenge or enrolment until it passes.
    const session = await createSession(env.db, user, { now, limits: env.limits, mfaPassed: false, ip: env.ip, userAgent: env.userAgent });
    return { ok: true, session, user, step: user.mfa_enabled_at ? 'mfa' : 'enrol' };
  }
  const session = await mutate(ctxFor(env, userActor(user)), (m) => completeSignIn(m, env, user, 'password', null));
  return { ok: true, session, user, step: 'done' };
}

/**
 * Step two: a TOTP code (±1 step, never one already used) or an unused recovery code. Success
 * replaces the half session with a new one; failures count toward the lockout, and a lockout
 * ends the half session.
 */
export async function passMfaChallenge(
  env: SignInEnv,
  input: { session: SessionRow; userId: string; code: string },
): Promise<{ ok: true; session: NewSession; usedRecoveryCode: boolean } | Refusal> {
  const now = env.clock.now();
  const user = await findUserById(env.db, input.userId);
  if (!user || !user.mfa_secret_enc) return { ok: false, reason: 'invalid' };
  const lockedFor = minutesLocked(user, now);
  if (lockedFor > 0) {
    await deleteSession(env.db, input.session.id);
    return { ok: false, reason: 'locked', minutes: lockedFor };
  }
  const code = input.code.trim().slice(0, 64);
  const step = looksLikeTotp(code) ? verifyTotp(open(env.secretKey, user.mfa_secret_enc), code, now, user.mfa_last_step) : null;

  type Result = { session: NewSession; recovery: boolean } | { locked: boolean };
  const result = await mutate(ctxFor(env, userActor(user)), async (m): Promise<Result> => {
    if (step !== null) {
      if (await claimTotpStep(m.tx, user.id, step)) return { session: await completeSignIn(m, env, user, 'password+totp', input.session), recovery: false };
    } else if (!looksLikeTotp(code) && (await consumeRecoveryCode(m.tx, user.id, code, m.now))) {
      await m.record({ action: 'auth.recovery_code_used', entityType: 'user', entityId: user.id, after: { ip: env.ip } });
      return { session: await completeSignIn(m, env, user, 'password+recovery_code', input.session), recovery: true };
    }
    return { locked: await recordFailure(m, env, user, 'auth.mfa_failed', looksLikeTotp(code) ? 'bad_totp' : 'bad_recovery_code') };
  });
  if ('session' in result) return { ok: true, session: result.session, usedRecoveryCode: result.recovery };
  return result.locked ? { ok: false, reason: 'locked', minutes: env.limits.lockoutMinutes } : { ok: false, reason: 'invalid' };
}

/**
 * Counts a failed enrolment code of a half-signed-in session like a failed challenge (someone
 * holding only the password must not get unlimited guesses); a signed-in user's typo is only audited.
 */
export async function recordEnrolmentFailure(env: SignInEnv, user: UserRow, countsTowardLockout: boolean): Promise<Refusal> {
  return mutate(ctxFor(env, userActor(user)), async (m): Promise<Refusal> => {
    if (!countsTowardLockout) {
      await m.record({ action: 'auth.mfa_failed', entityType: 'user', entityId: user.id, after: { reason: 'bad_enrolment_code', ip: env.ip } });
      return { ok: false, reason: 'invalid' };
    }
    const locked = await recordFailure(m, env, user, 'auth.mfa_failed', 'bad_enrolment_code');
    return locked ? { ok: false, reason: 'locked', minutes: env.limits.lockoutMinutes } : { ok: false, reason: 'invalid' };
  });
}

/** Ends the session and records the sign-out. */
export async function signOut(env: SignInEnv, session: SessionRow, user: UserRow): Promise<void> {
  await mutate(ctxFor(env, userActor(user)), async (m) => {
    await deleteSession(m.tx, session.id);
    await m.record({ action: 'auth.logout', entityType: 'user', entityId: user.id, after: { ip: env.ip } });
  });
}
