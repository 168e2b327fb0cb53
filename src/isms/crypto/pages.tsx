// Crypto pages (being built).
import type { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { registerStubPage } from '../stub-page.js';

export function registerCryptoPages(app: Hono<AppEnv>): void {
  registerStubPage(app, '/crypto-policy', 'crypto', 'crypto.read');
}
