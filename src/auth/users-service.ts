// Use cases for user accounts: create, and the presented shape (never hashes or secrets).
import { z } from 'zod';
import { conflict } from '../core/errors.js';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';
import { mutate } from '../core/mutation.js';
import { parseOrThrow } from '../core/validation.js';
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import { authorize } from './permissions.js';
import { ROLES } from './roles.js';
import type { UserRow } from './tables.js';
import { findUserByEmail, insertUser } from './users-repo.js';

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
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Control characters are not allowed.');

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
