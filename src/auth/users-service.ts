// Use cases for user accounts: create, change role, disable, unlock, list; the presented shape (never hashes or secrets).
import { z } from 'zod';
import { hasControlChars } from '../core/text.js';
import { conflict, notFound } from '../core/errors.js';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { mutate } from '../core/mutation.js';
import { parseOrThrow } from '../core/validation.js';
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import { authorize } from './permissions.js';
import { ROLES } from './roles.js';
import type { UserRow } from './tables.js';
import { deleteUserSessions } from './sessions.js';
import { countActiveAdmins, findUserByEmail, findUserById, insertUser, listUsers, listUsersPage, updateUser, USER_SORTS } from './users-repo.js';

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter an email address such as name@example.com.' }))
  .transform((s) => s.toLowerCase());

export const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(200, 'Use at most 200 characters.')
  .refine((s) => !hasControlChars(s), 'Control characters are not allowed.');

export const NewUserInput = z.object({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(', ')}.` }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)
    .optional(),
});
export type NewUserInput = z.input<typeof NewUserInput>;

export const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  mfa_enabled: z.boolean(),
  locked: z.boolean(),
  disabled: z.boolean(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
});
export type UserOut = z.infer<typeof UserOut>;

/** The public shape of a user; also what the audit trail stores. */
export function presentUser(u: UserRow, now = new Date()): UserOut {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    mfa_enabled: u.mfa_enabled_at !== null,
    locked: u.locked_until !== null && new Date(u.locked_until) > now,
    disabled: u.disabled_at !== null,
    last_login_at: u.last_login_at,
    created_at: u.created_at,
  };
}

/** Creates a user; returns the generated password when none was given (shown once). */
export async function createUser(ctx: Ctx, input: NewUserInput): Promise<{ user: UserOut; generatedPassword: string | null }> {
  authorize(ctx.actor, 'users.manage');
  const data = parseOrThrow(NewUserInput, input, 'user');
  const generatedPassword = data.password ? null : generatePassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  return mutate(ctx, async (m) => {
    if (await findUserByEmail(m.tx, data.email)) {
      throw conflict(`A user with the email ${data.email} already exists.`, [{ field: 'email', message: 'Already in use.' }]);
    }
    const row = await insertUser(m.tx, {
      id: newId(),
      email: data.email,
      name: data.name,
      role: data.role,
      password_hash: passwordHash,
      mfa_secret_enc: null,
      mfa_enabled_at: null,
      locked_until: null,
      last_login_at: null,
      disabled_at: null,
      created_at: m.now,
      updated_at: m.now,
    });
    const user = presentUser(row);
    await m.record({ action: 'user.create', entityType: 'user', entityId: row.id, after: user });
    return { user, generatedPassword };
  });
}

export const UserPatch = z
  .object({
    role: z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(', ')}.` }).optional(),
    disabled: z.boolean({ message: 'Use true or false.' }).optional(),
    locked: z.literal(false, { message: 'Only false (unlock) can be set.' }).optional().describe('Send false to unlock an account locked after failed sign-ins'),
  })
  .strict()
  .refine((p) => p.role !== undefined || p.disabled !== undefined || p.locked !== undefined, { message: 'Send at least one of role, disabled or locked.' });
export type UserPatch = z.input<typeof UserPatch>;

const lastAdmin = () =>
  conflict('This would leave no active administrator. Make another user an administrator first.', [{ field: 'role', message: 'The last active administrator must stay one.' }]);

/**
 * Changes a user's role, disables or re-enables them, or unlocks them; one audit event per
 * change. Refuses (409) any change that leaves no active administrator.
 */
export async function updateUserAccount(ctx: Ctx, id: string, input: UserPatch): Promise<UserOut> {
  authorize(ctx.actor, 'users.manage');
  const patch = parseOrThrow(UserPatch, input, 'change');
  const existing = await findUserById(ctx.db, id);
  if (!existing) throw notFound('The user');
  const changes =
    (patch.role !== undefined && patch.role !== existing.role) ||
    (patch.disabled !== undefined && patch.disabled !== (existing.disabled_at !== null)) ||
    (patch.locked === false && (existing.locked_until !== null || existing.failed_logins > 0));
  // Asking for what already holds changes nothing and is not an event.
  if (!changes) return presentUser(existing, ctx.clock.now());
  return mutate(ctx, async (m) => {
    const before = await findUserById(m.tx, id);
    if (!before) throw notFound('The user');
    const now = new Date(m.now);
    let current = before;
    if (patch.role !== undefined && patch.role !== current.role) {
      const prev = presentUser(current, now);
      current = await updateUser(m.tx, id, { role: patch.role, updated_at: m.now });
      await m.record({ action: 'user.role_change', entityType: 'user', entityId: id, before: prev, after: presentUser(current, now) });
    }
    if (patch.disabled !== undefined && patch.disabled !== (current.disabled_at !== null)) {
      const prev = presentUser(current, now);
      current = await updateUser(m.tx, id, { disabled_at: patch.disabled ? m.now : null, updated_at: m.now });
      // A disabled account's sessions end now; its API tokens stop resolving (resolveToken checks).
      if (patch.disabled) await deleteUserSessions(m.tx, id);
      await m.record({ action: patch.disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: id, before: prev, after: presentUser(current, now) });
    }
    if (patch.locked === false && (current.locked_until !== null || current.failed_logins > 0)) {
      const prev = presentUser(current, now);
      current = await updateUser(m.tx, id, { locked_until: null, failed_logins: 0, updated_at: m.now });
      await m.record({ action: 'user.unlock', entityType: 'user', entityId: id, before: prev, after: presentUser(current, now) });
    }
    // Counted after the audit events were recorded: on PostgreSQL that took the audit lock, so
    // two admins demoting each other at once cannot both see the other still in place.
    if (before.role === 'admin' && !before.disabled_at && (current.role !== 'admin' || current.disabled_at) && (await countActiveAdmins(m.tx)) === 0) {
      throw lastAdmin();
    }
    return presentUser(current, now);
  });
}

export const UserListQuery = z.object({
  q: z.string().max(200).optional(),
  role: z.enum(ROLES).optional(),
  sort: z.enum(USER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type UserListQuery = z.input<typeof UserListQuery>;

export const UserList = z.object({ items: z.array(UserOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export async function listUserAccounts(ctx: Ctx, query: UserListQuery): Promise<z.infer<typeof UserList>> {
  authorize(ctx.actor, 'users.read');
  const q = parseOrThrow(UserListQuery, query, 'query string');
  const { rows, total } = await listUsersPage(ctx.db, { q: q.q?.trim() || undefined, role: q.role }, { sort: q.sort, dir: q.dir, limit: q.limit, offset: q.offset });
  const now = ctx.clock.now();
  return { items: rows.map((r) => presentUser(r, now)), total, limit: q.limit, offset: q.offset };
}

export async function getUserAccount(ctx: Ctx, id: string): Promise<UserOut> {
  authorize(ctx.actor, 'users.read');
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('The user');
  return presentUser(row, ctx.clock.now());
}

/**
 * Gives a user a new generated password (returned once) and ends their sessions: for someone who
 * forgot theirs. Their API tokens keep working; revoke those separately if the account was misused.
 */
export async function resetUserPassword(ctx: Ctx, id: string): Promise<{ user: UserOut; password: string }> {
  authorize(ctx.actor, 'users.manage');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return mutate(ctx, async (m) => {
    const before = await findUserById(m.tx, id);
    if (!before) throw notFound('The user');
    const after = await updateUser(m.tx, id, { password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: m.now });
    await deleteUserSessions(m.tx, id);
    const now = new Date(m.now);
    await m.record({ action: 'user.password_reset', entityType: 'user', entityId: id, before: presentUser(before, now), after: presentUser(after, now) });
    return { user: presentUser(after, now), password };
  });
}

/**
 * Removes a user's TOTP secret and recovery codes and ends their sessions: for someone who lost
 * their phone and codes. They enrol again at their next sign-in if their role requires it.
 */
export async function resetUserMfa(ctx: Ctx, id: string): Promise<UserOut> {
  authorize(ctx.actor, 'users.manage');
  return mutate(ctx, async (m) => {
    const before = await findUserById(m.tx, id);
    if (!before) throw notFound('The user');
    const after = await updateUser(m.tx, id, { mfa_secret_enc: null, mfa_enabled_at: null, mfa_last_step: null, updated_at: m.now });
    await m.tx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
    await deleteUserSessions(m.tx, id);
    const now = new Date(m.now);
    await m.record({ action: 'user.mfa_reset', entityType: 'user', entityId: id, before: presentUser(before, now), after: presentUser(after, now) });
    return presentUser(after, now);
  });
}

export interface UsersSummary {
  /** Accounts not disabled. */
  active: number;
  /** Of those, how many have enrolled a second factor. */
  withMfa: number;
  disabled: number;
}

/** Counts for the dashboard: live accounts and their MFA coverage. */
export async function usersSummary(ctx: Ctx): Promise<UsersSummary> {
  authorize(ctx.actor, 'users.read');
  const users = await listUsers(ctx.db);
  const live = users.filter((u) => u.disabled_at === null);
  return { active: live.length, withMfa: live.filter((u) => u.mfa_enabled_at !== null).length, disabled: users.length - live.length };
}
