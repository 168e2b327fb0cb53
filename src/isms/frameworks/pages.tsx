// Frameworks pages (being built).
import type { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { registerStubPage } from '../stub-page.js';

export function registerFrameworksPages(app: Hono<AppEnv>): void {
  registerStubPage(app, '/frameworks', 'frameworks', 'frameworks.read');
}
