// Assets pages (being built).
import type { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { registerStubPage } from '../stub-page.js';

export function registerAssetsPages(app: Hono<AppEnv>): void {
  registerStubPage(app, '/assets', 'assets', 'assets.read');
}
