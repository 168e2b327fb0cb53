// Web pages owned by the frame: the dashboard, the pages of areas not built yet, and the language switch.
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { registerProblemsPage } from './problems-page.js';
import { guard } from '../http/guard.js';
import { renderAreaPage } from './areas.js';
import { renderDashboard } from './dashboard.js';
import { registerLanguageRoute } from './language.js';

export function registerWebPages(app: Hono<AppEnv>): void {
  app.get('/', guard('dashboard.read', (c) => renderDashboard(c)));
  app.get('/areas/:area', guard('areas.read', (c) => renderAreaPage(c, c.req.param('area') ?? '')));
  registerLanguageRoute(app);
  registerProblemsPage(app);
}
