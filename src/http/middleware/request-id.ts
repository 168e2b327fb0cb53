// Gives each request an id, echoed in X-Request-Id and in every problem response, and logged with errors.
import { createMiddleware } from 'hono/factory';
import { randomToken } from '../../core/ids.js';
import type { AppEnv } from '../env.js';

export const requestId = () =>
  createMiddleware<AppEnv>(async function requestId(c, next) {
    const id = randomToken(12);
    c.set('requestId', id);
    // Prepared now for responses built through `c`; set again below for ones built by hand.
    c.header('X-Request-Id', id);
    try {
      await next();
    } catch (e) {
      // Hono hands only Error instances to onError; a thrown string or object would escape as a
      // bare 500 from the adapter. Wrapped, it gets the same problem response and log line.
      if (e instanceof Error) throw e;
      throw new Error(`non-Error thrown: ${typeof e === 'string' ? e.slice(0, 500) : Object.prototype.toString.call(e)}`, { cause: e });
    }
    c.res.headers.set('X-Request-Id', id);
  });
