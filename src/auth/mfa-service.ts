// TOTP enrolment and recovery codes: a pending secret sealed on the session until a code confirms it.
import type { Actor, Ctx } from '../core/context.js';
import { conflict, forbidden } from '../core/errors.js';
import { mutate } from '../core/mutation.js';
import { authorize } from './permissions.js';
import { RECOVERY_CODE_COUNT, replaceRecoveryCodes } from './recovery-codes.js';
import { open, seal } from './secret-box.js';
import { deleteSession, updateSession, type NewSession } from './sessions.js';
import { completeSignIn, minutesLocked, recordEnrolmentFailure, type Refusal, type SignInEnv } from './sign-in-service.js';
import type { SessionRow, UserRow } from './tables.js';
import { newTotpSecret, otpauthUri, qrDataUrl, verifyTotp } from './totp.js';
import { claimTotpStep, findUserById } from './users-repo.js';

export interface PendingEnrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  /** The QR code of the otpauth:// URI, as a data: URL. */
  qr: string;
}

const alreadyEnrolled = () => conflict('Two-step verification is already set up for this account.');
const userActor = (u: UserRow): Actor => ({ type: 'user', id: u.id, label: u.email, role: u.role });

/**
 * The secret this session is enrolling: made on first view and sealed onto the session, so a
 * reload shows the same QR code and the secret never sits in the database in the clear.
 */
export async function pendingEnrolment(env: SignInEnv, session: SessionRow, user: UserRow): Promise<PendingEnrolment> {
  if (user.mfa_enabled_at) throw alreadyEnrolled();
  let secret = session.pending_mfa_secret_enc ? open(env.secretKey, session.pending_mfa_secret_enc) : null;
  if (!secret) {
    secret = newTotpSecret();
    await updateSession(env.db, session.id, { pending_mfa_secret_enc: seal(env.secretKey, secret) });
  }
  return { secret, qr: await qrDataUrl(otpauthUri(secret, user.email)) };
}

export type EnrolmentOutcome = { ok: true; recoveryCodes: string[]; session: NewSession | null } | Refusal;

/**
 * Confirms enrolment with a code from the app: stores the sealed secret, issues recovery codes
 * (returned once) and marks the session as past MFA. A half-signed-in session becomes a full one
 * with a new id (returned as `session`); a signed-in user keeps theirs.
 */
export async function confirmEnrolment(env: SignInEnv, input: { session: SessionRow; user: UserRow; complete: boolean; code: string }): Promise<EnrolmentOutcome> {
  const { session, user } = input;
  if (input.complete) authorize(userActor(user), 'profile.security');
  if (user.mfa_enabled_at) throw alreadyEnrolled();
  if (!input.complete) {
    const lockedFor = minutesLocked(user, env.clock.now());
    if (lockedFor > 0) {
      await deleteSession(env.db, session.id);
      return { ok: false, reason: 'locked', minutes: lockedFor };
    }
  }
  const pending = session.pending_mfa_secret_enc ? open(env.secretKey, session.pending_mfa_secret_enc) : null;
  const step = pending ? verifyTotp(pending, input.code.slice(0, 64), env.clock.now(), null) : null;
  if (!pending || step === null) return recordEnrolmentFailure(env, user, !input.complete);

  return mutate({ db: env.db, clock: env.clock, actor: userActor(user), requestId: env.requestId }, async (m) => {
    const r = await m.tx
      .updateTable('users')
      .set({ mfa_secret_enc: seal(env.secretKey, pending), mfa_enabled_at: m.now, mfa_last_step: step, updated_at: m.now })
      .where('id', '=', user.id)
      .where('mfa_enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw alreadyEnrolled();
    const recoveryCodes = await replaceRecoveryCodes(m.tx, user.id, m.now);
    await m.record({
      action: 'auth.mfa_enrolled',
      entityType: 'user',
      entityId: user.id,
      before: { mfa_enabled: false },
      after: { mfa_enabled: true, method: 'totp', recovery_codes: RECOVERY_CODE_COUNT, ip: env.ip },
    });
    if (!input.complete) return { ok: true as const, recoveryCodes, session: await completeSignIn(m, env, user, 'password+totp_enrolment', session) };
    await updateSession(m.tx, session.id, { pending_mfa_secret_enc: null, mfa_passed: 1 });
    return { ok: true as const, recoveryCodes, session: null };
  });
}

/**
 * New recovery codes for a signed-in user, confirmed with a current TOTP code; the old codes stop
 * working. Returns the new codes (shown once), or null when the code was wrong (audited).
 */
export async function regenerateRecoveryCodes(env: SignInEnv, actor: Actor | null, userId: string, code: string): Promise<string[] | null> {
  authorize(actor, 'profile.security');
  const user = await findUserById(env.db, userId);
  if (!user?.mfa_secret_enc) throw conflict('Set up two-step verification first.');
  const step = verifyTotp(open(env.secretKey, user.mfa_secret_enc), code.slice(0, 64), env.clock.now(), user.mfa_last_step);
  return mutate({ db: env.db, clock: env.clock, actor, requestId: env.requestId }, async (m) => {
    if (step !== null) {
      if (await claimTotpStep(m.tx, user.id, step)) {
        const codes = await replaceRecoveryCodes(m.tx, user.id, m.now);
        await m.record({ action: 'auth.recovery_codes_regenerated', entityType: 'user', entityId: user.id, after: { recovery_codes: codes.length, ip: env.ip } });
        return codes;
      }
    }
    await m.record({ action: 'auth.mfa_failed', entityType: 'user', entityId: user.id, after: { reason: 'bad_code_for_recovery_codes', ip: env.ip } });
    return null;
  });
}

/**
 * Enrols a user with a given or fresh secret without the confirmation round-trip: for the demo
 * seed and tests, which print or use the secret. Returns the secret and recovery codes.
 */
export async function enrolTotpDirectly(ctx: Ctx, secretKey: Buffer, userId: string, secret = newTotpSecret()): Promise<{ secret: string; recoveryCodes: string[] }> {
  // Choosing someone's secret is for the system alone: an admin must never hold a user's second factor.
  if (ctx.actor?.type !== 'system') throw forbidden();
  return mutate(ctx, async (m) => {
    const r = await m.tx
      .updateTable('users')
      .set({ mfa_secret_enc: seal(secretKey, secret), mfa_enabled_at: m.now, mfa_last_step: null, updated_at: m.now })
      .where('id', '=', userId)
      .where('mfa_enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw alreadyEnrolled();
    const recoveryCodes = await replaceRecoveryCodes(m.tx, userId, m.now);
    await m.record({ action: 'auth.mfa_enrolled', entityType: 'user', entityId: userId, before: { mfa_enabled: false }, after: { mfa_enabled: true, method: 'totp', recovery_codes: recoveryCodes.length } });
    return { secret, recoveryCodes };
  });
}
