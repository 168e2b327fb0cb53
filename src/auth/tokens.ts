// API tokens: random bearer secrets, stored as SHA-256 hashes, acting with their user's role.
import { createHash } from 'node:crypto';
import { hasControlChars } from '../core/text.js';
import { z } from 'zod';
import { badRequest, notFound } from '../core/errors.js';
import { actorUserId, type Ctx } from '../core/context.js';
import { newId, randomToken } from '../core/ids.js';
import { mutate } from '../core/mutation.js';
import { parseOrThrow } from '../core/validation.js';
import type { DB } from '../db/index.js';
import { authorize } from './permissions.js';
import type { ApiTokenRow, UserRow } from './tables.js';
import { findUserByEmail } from './users-repo.js';

export const TOKEN_PREFIX = 'kilpi_';
export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

const DURATION = /^(\d{1,5})([hdwy])$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** Parses `90d`, `12h`, `4w` or `1y`; throws a clear error otherwise. Max ten years. */
export function parseDuration(s: string): number {
  const m = DURATION.exec(s.trim());
  if (!m) throw badRequest(`"${s.slice(0, 40)}" is not a duration; use a number and h, d, w or y, e.g. 90d.`, [{ field: 'expires_in', message: 'Use e.g. 90d, 12h, 4w or 1y.' }]);
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms <= 0 || ms > 10 * UNIT_MS.y!) throw badRequest('A token may live between 1 hour and 10 years.', [{ field: 'expires_in', message: 'Between 1h and 10y.' }]);
  return ms;
}

export const NewTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the token after what uses it.')
    .max(100, 'Use at most 100 characters.')
    .refine((s) => !hasControlChars(s), 'Control characters are not allowed.'),
  expires_in: z.string().max(20).default('90d'),
});

export const TokenOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type TokenOut = z.infer<typeof TokenOut>;

export const presentToken = (t: ApiTokenRow): TokenOut => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  created_at: t.created_at,
  expires_at: t.expires_at,
  last_used_at: t.last_used_at,
  revoked_at: t.revoked_at,
});

/** Creates a token for `user`; the secret is returned once and only its hash is kept. */
export async function createToken(
  ctx: Ctx,
  user: Pick<UserRow, 'id' | 'email'>,
  input: z.input<typeof NewTokenInput>,
): Promise<{ token: string; meta: TokenOut }> {
  if (ctx.actor?.type !== 'system') {
    authorize(ctx.actor, 'profile.security');
    if (actorUserId(ctx.actor) !== user.id) authorize(ctx.actor, 'users.manage');
  }
  const data = parseOrThrow(NewTokenInput, input, 'token');
  const ttl = parseDuration(data.expires_in);
  const secret = TOKEN_PREFIX + randomToken(32);
  return mutate(ctx, async (m) => {
    let expiresAt = new Date(Date.parse(m.now) + ttl).toISOString();
    // A token minting a token cannot extend its own life: the new one expires no later.
    if (m.actor.type === 'token') {
      const parent = await m.tx.selectFrom('api_tokens').select('expires_at').where('id', '=', m.actor.id).executeTakeFirst();
      if (parent?.expires_at && parent.expires_at < expiresAt) expiresAt = parent.expires_at;
    }
    const row: ApiTokenRow = {
      id: newId(),
      user_id: user.id,
      name: data.name,
      token_hash: sha256Hex(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      created_at: m.now,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    };
    await m.tx.insertInto('api_tokens').values(row).execute();
    const meta = presentToken(row);
    await m.record({ action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { ...meta, user_id: user.id } });
    return { token: secret, meta };
  });
}

/** CLI path: a token for the user with `email`. */
export async function createTokenForEmail(ctx: Ctx, email: string, input: z.input<typeof NewTokenInput>) {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) throw notFound(`The user ${email.slice(0, 254)}`);
  return createToken(ctx, user, input);
}

/**
 * Revokes a token (idempotent). With `ownOnly`, someone else's token is reported as not found,
 * so the caller learns nothing about tokens that are not theirs; otherwise an admin may revoke any.
 */
export async function revokeToken(ctx: Ctx, tokenId: string, opts: { ownOnly?: boolean } = {}): Promise<TokenOut> {
  authorize(ctx.actor, 'profile.security');
  const existing = await ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
  if (!existing || (opts.ownOnly && existing.user_id !== actorUserId(ctx.actor))) throw notFound('The token');
  if (existing.revoked_at) return presentToken(existing);
  return mutate(ctx, async (m) => {
    const row = await m.tx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    if (!row) throw notFound('The token');
    if (row.user_id !== actorUserId(m.actor)) authorize(ctx.actor, 'users.manage');
    await m.tx.updateTable('api_tokens').set({ revoked_at: row.revoked_at ?? m.now }).where('id', '=', tokenId).execute();
    const after = { ...row, revoked_at: row.revoked_at ?? m.now };
    await m.record({ action: 'api_token.revoke', entityType: 'api_token', entityId: row.id, before: presentToken(row), after: presentToken(after) });
    return presentToken(after);
  });
}

export const listTokens = (db: DB, userId: string): Promise<ApiTokenRow[]> =>
  db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();

/**
 * Resolves a bearer secret to its live token and user, recording last-used time.
 * Returns null for unknown, revoked or expired tokens and disabled users.
 */
export async function resolveToken(db: DB, secret: string, now: Date): Promise<{ token: ApiTokenRow; user: UserRow } | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256Hex(secret)).executeTakeFirst();
  if (!token || token.revoked_at || (token.expires_at && new Date(token.expires_at) <= now)) return null;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
  if (!user || user.disabled_at) return null;
  // Bookkeeping, not a change of business data: it is not an audit event.
  await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', token.id).execute();
  return { token, user };
}
