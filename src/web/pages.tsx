// Dashboard and the pages of areas not built yet (filled in by the web work).
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';

export function registerWebPages(_app: Hono<AppEnv>): void {}
