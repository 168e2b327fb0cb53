// Risks pages (being built).
import type { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { registerStubPage } from '../stub-page.js';

export function registerRisksPages(app: Hono<AppEnv>): void {
  registerStubPage(app, '/risks', 'risks', 'risks.read');
}
