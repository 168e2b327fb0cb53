// People directory pages (filled in by the people work).
import type { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

export function registerPeoplePages(_app: Hono<AppEnv>): void {}
