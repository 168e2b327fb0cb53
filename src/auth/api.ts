// The caller's account over the API (GET /me, own API tokens) and user administration (/users).
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router.js';
import { ctxOf } from '../http/env.js';
import { ROLES } from './roles.js';
import { createToken, listTokens, NewTokenInput, presentToken, revokeToken, TokenOut } from './tokens.js';
import { createUser, listUserAccounts, NewUserInput, resetUserMfa, resetUserPassword, updateUserAccount, UserList, UserListQuery, UserOut, UserPatch } from './users-service.js';

export const MeOut = z.object({ email: z.string(), name: z.string(), role: z.enum(ROLES) });
const TokenCreated = TokenOut.extend({ token: z.string().describe('The bearer secret; shown only in this response') });
const UserCreated = UserOut.extend({ password: z.string().optional().describe('The generated password, when none was sent; shown only in this response') });
const IdParam = z.object({ id: z.uuid({ message: 'Not a valid id.' }) });

export function registerAuthApi(api: ApiRouter): void {
  api.route({ method: 'get', path: '/me', access: 'profile.read', tag: 'Account', summary: 'The caller’s email, name and role', response: MeOut }, (c) => {
    const { user } = c.get('auth')!;
    return c.json({ email: user.email, name: user.name, role: user.role });
  });

  api.route(
    { method: 'get', path: '/tokens', access: 'profile.read', tag: 'Account', summary: 'The caller’s own API tokens, newest first (never the secrets)', response: z.object({ items: z.array(TokenOut) }) },
    async (c) => c.json({ items: (await listTokens(c.get('services').db, c.get('auth')!.user.id)).map(presentToken) }),
  );

  api.route(
    {
      method: 'post',
      path: '/tokens',
      access: 'profile.security',
      tag: 'Account',
      summary: 'Create an API token for the caller; the secret is in this response only. A token-authenticated caller cannot outlive its own token.',
      body: NewTokenInput,
      response: TokenCreated,
      status: 201,
      errors: [400],
    },
    async (c, { body }) => {
      const { token, meta } = await createToken(ctxOf(c), c.get('auth')!.user, body);
      return c.json({ ...meta, token }, 201);
    },
  );

  api.route(
    { method: 'delete', path: '/tokens/:id', access: 'profile.security', tag: 'Account', summary: 'Revoke one of the caller’s own API tokens', params: IdParam, response: TokenOut, errors: [400, 404] },
    async (c, { params }) => c.json(await revokeToken(ctxOf(c), params.id, { ownOnly: true })),
  );

  api.route(
    { method: 'get', path: '/users', access: 'users.read', tag: 'Users', summary: 'List user accounts, filtered, sorted and paged', query: UserListQuery, response: UserList, errors: [400] },
    async (c, { query }) => c.json(await listUserAccounts(ctxOf(c), query)),
  );

  api.route(
    {
      method: 'post',
      path: '/users',
      access: 'users.manage',
      tag: 'Users',
      summary: 'Create a user; without a password, a generated one is returned once',
      body: NewUserInput,
      response: UserCreated,
      status: 201,
      errors: [400, 409],
    },
    async (c, { body }) => {
      const { user, generatedPassword } = await createUser(ctxOf(c), body);
      return c.json(generatedPassword ? { ...user, password: generatedPassword } : user, 201);
    },
  );

  api.route(
    {
      method: 'patch',
      path: '/users/:id',
      access: 'users.manage',
      tag: 'Users',
      summary: 'Change a user’s role, disable or enable them, or unlock them (locked: false). Refuses to leave no active administrator (409).',
      params: IdParam,
      body: UserPatch,
      response: UserOut,
      errors: [400, 404, 409],
    },
    async (c, { params, body }) => c.json(await updateUserAccount(ctxOf(c), params.id, body)),
  );

  api.route(
    {
      method: 'post',
      path: '/users/:id/password-reset',
      access: 'users.manage',
      tag: 'Users',
      summary: 'Give a user a new generated password, returned once; their sessions end',
      params: IdParam,
      response: UserCreated.required({ password: true }),
      errors: [400, 404],
    },
    async (c, { params }) => {
      const { user, password } = await resetUserPassword(ctxOf(c), params.id);
      return c.json({ ...user, password });
    },
  );

  api.route(
    {
      method: 'post',
      path: '/users/:id/mfa-reset',
      access: 'users.manage',
      tag: 'Users',
      summary: 'Remove a user’s two-step verification and recovery codes (lost phone); their sessions end',
      params: IdParam,
      response: UserOut,
      errors: [400, 404],
    },
    async (c, { params }) => c.json(await resetUserMfa(ctxOf(c), params.id)),
  );
}
