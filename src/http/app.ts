// Assembles the HTTP app: middleware in order, system routes, the JSON API and the pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { registerAuditApi } from '../audit/api.js';
import { registerAuditPages } from '../audit/pages.js';
import { registerAuthApi } from '../auth/api.js';
import { registerAuthPages } from '../auth/pages.js';
import { notFound, payloadTooLarge } from '../core/errors.js';
import { registerPeopleApi } from '../isms/people/api.js';
import { registerLedgerApi, registerLedgerRoutes } from '../ledger/http.js';
import { registerPeoplePages } from '../isms/people/pages.js';
import { registerFrameworksApi } from '../isms/frameworks/api.js';
import { registerFrameworksPages } from '../isms/frameworks/pages.js';
import { registerAssetsApi } from '../isms/assets/api.js';
import { registerAssetsPages } from '../isms/assets/pages.js';
import { registerRisksApi } from '../isms/risks/api.js';
import { registerRisksPages } from '../isms/risks/pages.js';
import { registerControlsApi } from '../isms/controls/api.js';
import { registerControlsPages } from '../isms/controls/pages.js';
import { registerSoaApi } from '../isms/soa/api.js';
import { registerSoaPages } from '../isms/soa/pages.js';
import { registerPoliciesApi } from '../isms/policies/api.js';
import { registerPoliciesPages } from '../isms/policies/pages.js';
import { registerScopeApi } from '../isms/scope/api.js';
import { registerScopePages } from '../isms/scope/pages.js';
import { registerCryptoApi } from '../isms/crypto/api.js';
import { registerCryptoPages } from '../isms/crypto/pages.js';
import { negotiateLocale, withLocale } from '../web/i18n.js';
import { renderErrorPage } from '../web/error-page.js';
import '../web/messages.js';
import { registerWebPages } from '../web/pages.js';
import { ApiRouter } from './api-router.js';
import type { AppEnv, Services } from './env.js';
import { guard } from './guard.js';
import { authenticate } from './middleware/authenticate.js';
import { clientIp } from './middleware/client-ip.js';
import { csrf } from './middleware/csrf.js';
import { createMetrics, httpMetrics, type Metrics } from './middleware/metrics.js';
import { requireForwardedHttps } from './middleware/proxy.js';
import { RateLimiter } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { buildOpenApi } from './openapi.js';
import { problemResponse, toAppError } from './problem.js';
import { registerSystemRoutes } from './system-routes.js';
import { VERSION } from '../version.js';

export interface BuiltApp {
  app: Hono<AppEnv>;
  api: ApiRouter;
  metrics: Metrics;
}

export function createApp(services: Services): BuiltApp {
  const app = new Hono<AppEnv>();
  const metrics = createMetrics();
  const apiLimiter = new RateLimiter(services.limits.apiPerMinute);

  app.use(
    '*',
    createMiddleware<AppEnv>(async function provideServices(c, next) {
      c.set('services', services);
      await next();
    }),
  );
  app.use('*', requestId());
  app.use('*', httpMetrics(metrics));
  app.use('*', securityHeaders({ hsts: services.secureCookies }));
  if (services.behindProxy) app.use('*', requireForwardedHttps());
  app.use(
    '*',
    createMiddleware<AppEnv>(async function locale(c, next) {
      const locale = negotiateLocale(getCookie(c, 'lang'), c.req.header('accept-language'));
      c.set('locale', locale);
      await withLocale(locale, next);
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: Math.max(services.limits.maxBodyBytes, services.limits.maxCsvBytes),
      onError: () => {
        throw payloadTooLarge(Math.max(services.limits.maxBodyBytes, services.limits.maxCsvBytes));
      },
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: services.limits.maxCsvBytes,
      onError: () => {
        throw payloadTooLarge(services.limits.maxCsvBytes);
      },
    }),
  );
  app.use('*', authenticate());
  app.use(
    '/api/*',
    createMiddleware<AppEnv>(async function apiRateLimit(c, next) {
      const actor = c.get('actor');
      apiLimiter.hit(actor ? `a:${actor.id ?? 'system'}` : `ip:${clientIp(c)}`, services.clock.now().getTime());
      await next();
    }),
  );
  app.use('*', csrf());

  registerSystemRoutes(app, metrics);
  registerLedgerRoutes(app);

  const api = new ApiRouter('/api/v1');
  registerAuthApi(api);
  registerPeopleApi(api);
  registerFrameworksApi(api);
  registerAssetsApi(api);
  registerRisksApi(api);
  registerControlsApi(api);
  registerSoaApi(api);
  registerPoliciesApi(api);
  registerScopeApi(api);
  registerCryptoApi(api);
  registerAuditApi(api);
  registerLedgerApi(api);
  const openapi = buildOpenApi(api.operations, VERSION);
  api.app.get('/openapi.json', guard('public', (c) => c.json(openapi), 'api'));
  app.route('/api/v1', api.app);

  registerAuthPages(app);
  registerWebPages(app);
  registerPeoplePages(app);
  registerFrameworksPages(app);
  registerAssetsPages(app);
  registerRisksPages(app);
  registerControlsPages(app);
  registerSoaPages(app);
  registerPoliciesPages(app);
  registerScopePages(app);
  registerCryptoPages(app);
  registerAuditPages(app);

  app.notFound((c) => (isApi(c.req.path) ? problemResponse(c, notFound('The path')) : renderErrorPage(c, notFound('The page'))));

  app.onError((err, c) => {
    const e = toAppError(err);
    if (e.status >= 500) services.log.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
    if (isApi(c.req.path) || c.req.header('accept')?.includes('application/json')) return problemResponse(c, e);
    return renderErrorPage(c, e);
  });

  return { app, api, metrics };
}

const isApi = (path: string) => path.startsWith('/api/');
