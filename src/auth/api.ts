// The caller's own account over the API: GET /api/v1/me.
import { z } from 'zod';
import { ROLES } from './roles.js';
import type { ApiRouter } from '../http/api-router.js';

export const MeOut = z.object({ email: z.string(), name: z.string(), role: z.enum(ROLES) });

export function registerAuthApi(api: ApiRouter): void {
  api.route({ method: 'get', path: '/me', access: 'profile.read', tag: 'Account', summary: 'The caller’s email, name and role', response: MeOut }, (c) => {
    const { user } = c.get('auth')!;
    return c.json({ email: user.email, name: user.name, role: user.role });
  });
}
