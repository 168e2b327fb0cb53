// RFC 9457 problem details: the one shape every API error takes.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, isAppError } from '../core/errors.js';
import type { AppEnv } from './env.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

/** Normalises anything thrown into an AppError; unknown errors become a bare 500. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof HTTPException) {
    const s = err.status;
    if (s === 413) return new AppError(413, 'payload-too-large', 'Payload too large', 'The request body is too large.');
    if (s === 401) return new AppError(401, 'unauthorized', 'Not signed in', 'Sign in or present a valid API token.');
    if (s === 403) return new AppError(403, 'forbidden', 'Forbidden', err.message || 'Forbidden.');
    if (s >= 400 && s < 500) return new AppError(s, 'bad-request', 'Bad request', err.message || 'The request was not understood.');
  }
  return new AppError(500, 'internal', 'Internal error', 'Something went wrong on our side. The request id identifies it in the server log.');
}

export function problemOf(e: AppError, requestId: string): Problem {
  const p: Problem = { type: `/docs/problems#${e.type}`, title: e.title, status: e.status, detail: e.message, instance: `urn:kilpi:request:${requestId}` };
  if (e.errors?.length) p.errors = e.errors;
  return p;
}

/** The problem as a response; built through `c` so headers middleware prepared (request id, CSP) apply. */
export function problemResponse(c: Context<AppEnv>, e: AppError): Response {
  const body = JSON.stringify(problemOf(e, c.get('requestId') ?? 'unknown'));
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...(e.headers ?? {}) };
  // The rest of an oversized body is still on the wire: close, so no client reuses the connection.
  if (e.status === 413) headers.Connection = 'close';
  return c.body(body, e.status as ContentfulStatusCode, headers);
}
