// Declares JSON API routes once: access, Zod schemas, and the OpenAPI operation built from them.
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { RouteAccess } from '../auth/permissions.js';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../core/errors.js';
import type { AppEnv } from './env.js';
import { guard } from './guard.js';
import { parseOrThrow } from '../core/validation.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Hono path relative to /api/v1, e.g. `/people/:id`. */
  path: string;
  access: RouteAccess;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** A JSON body schema. */
  body?: B;
  /** Accept a text/csv body instead, handed over as `input.text`. */
  csv?: boolean;
  /** Successful response: a JSON schema, or a media type for non-JSON (e.g. `text/csv`). */
  response?: z.ZodType | { mediaType: string; description: string };
  status?: number;
  /** Status codes this operation can answer with besides success, for the document. */
  errors?: number[];
}

export interface Input<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType> {
  query: z.output<Q>;
  body: z.output<B>;
  params: z.output<P>;
  /** The raw text body of a `csv` route. */
  text: string;
}

export interface Operation {
  spec: RouteSpec;
  fullPath: string;
}

/** One Hono app for /api/v1 plus the list of operations the OpenAPI document is built from. */
export class ApiRouter {
  readonly app = new Hono<AppEnv>();
  readonly operations: Operation[] = [];

  constructor(readonly prefix = '/api/v1') {}

  route<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType>(
    spec: RouteSpec<Q, B, P>,
    handler: (c: Context<AppEnv>, input: Input<Q, B, P>) => Promise<Response> | Response,
  ): void {
    this.operations.push({ spec: spec as unknown as RouteSpec, fullPath: this.prefix + spec.path });
    const run = async (c: Context<AppEnv>) => {
      const params = spec.params ? parseOrThrow(spec.params, c.req.param(), 'path') : {};
      const query = spec.query ? parseOrThrow(spec.query, firstValues(c.req.queries()), 'query string') : {};
      const text = spec.csv ? await readText(c, 'text/csv', c.get('services').limits.maxCsvBytes) : '';
      const body = spec.body ? parseOrThrow(spec.body, await readJson(c), 'body') : undefined;
      return handler(c, { params, query, body, text } as Input<Q, B, P>);
    };
    this.app.on(spec.method.toUpperCase(), spec.path, guard(spec.access, run, 'api'));
  }
}

function firstValues(q: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v[0] ?? '']));
}

async function readText(c: Context<AppEnv>, mediaType: string, limit: number): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== mediaType) throw unsupportedMediaType(mediaType);
  const buf = Buffer.from(await c.req.arrayBuffer());
  if (buf.length > limit) throw payloadTooLarge(limit);
  // Reject bytes that are not UTF-8 instead of silently replacing them.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw badRequest('The body is not valid UTF-8.');
  }
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await readText(c, 'application/json', c.get('services').limits.maxBodyBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
}
