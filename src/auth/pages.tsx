// Sign-in, MFA, account and user-administration pages, registered in one place.
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import './messages.js';
import { registerAccountPages } from './pages/account.js';
import { registerMfaPages } from './pages/mfa-enrol.js';
import { registerSignInPages } from './pages/sign-in.js';
import { registerUserPages } from './pages/users.js';

export function registerAuthPages(app: Hono<AppEnv>): void {
  registerSignInPages(app);
  registerMfaPages(app);
  registerAccountPages(app);
  registerUserPages(app);
}
