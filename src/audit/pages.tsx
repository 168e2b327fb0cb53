// The audit trail pages (filled in by the web work).
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';

export function registerAuditPages(_app: Hono<AppEnv>): void {}
