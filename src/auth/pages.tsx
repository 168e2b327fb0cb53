// Sign-in, MFA and account pages (filled in by the auth work).
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';

export function registerAuthPages(_app: Hono<AppEnv>): void {}
