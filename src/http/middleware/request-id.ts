// Gives each request an id, echoed in X-Request-Id and in every problem response.
import { createMiddleware } from 'hono/factory';
import { randomToken } from '../../core/ids.js';
import type { AppEnv } from '../env.js';

export const requestId = () =>
  createMiddleware<AppEnv>(async function requestId(c, next) {
    const id = randomToken(12);
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
