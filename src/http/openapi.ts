// Builds the OpenAPI 3.1 document from the same Zod schemas that validate requests.
import { z } from 'zod';
import { PERMISSIONS } from '../auth/permissions.js';
import type { Operation } from './api-router.js';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input; `errors` lists each field',
  401: 'Not signed in',
  403: 'The caller’s role lacks the permission',
  404: 'Not found',
  409: 'Conflicts with existing data',
  413: 'Body too large',
  415: 'Wrong content type',
  429: 'Rate limited',
};

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parametersOf(s: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!s) return [];
  const js = schemaOf(s, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

const operationId = (method: string, path: string) =>
  method + path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase());

/** Hono's `:id`, `:id{regex}` and `:id?` become OpenAPI's `{id}`. */
export const openApiPath = (honoPath: string): string =>
  honoPath.replace(/:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^}]*\})*)\})?\??/g, '{$1}');

export function buildOpenApi(operations: Operation[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec, fullPath } of operations) {
    const path = openApiPath(fullPath);
    const status = String(spec.status ?? (spec.method === 'post' ? 201 : 200));
    const responses: Record<string, unknown> = {};
    if (spec.response && 'mediaType' in spec.response) {
      responses[status] = { description: spec.response.description, content: { [spec.response.mediaType]: { schema: { type: 'string' } } } };
    } else if (spec.response) {
      responses[status] = { description: 'Success', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } };
    } else {
      responses[status] = { description: 'Success' };
    }
    const errs = new Set<number>(spec.errors ?? []);
    if (spec.access !== 'public') [401, 403, 429].forEach((n) => errs.add(n));
    if (spec.body || spec.query || spec.params || spec.csv) errs.add(400);
    if (spec.body || spec.csv) [413, 415].forEach((n) => errs.add(n));
    for (const code of [...errs].sort((a, b) => a - b)) {
      responses[String(code)] = {
        description: ERROR_TEXT[code] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const access = spec.access === 'public' ? 'public' : `\`${spec.access}\` (roles: ${PERMISSIONS[spec.access].roles.join(', ')})`;
    const op: Record<string, unknown> = {
      operationId: operationId(spec.method, path),
      summary: spec.summary,
      description: `Requires: ${access}.`,
      tags: [spec.tag],
      parameters: [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')],
      responses,
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } };
    if (spec.csv) op.requestBody = { required: true, content: { 'text/csv': { schema: { type: 'string' } } } };
    (paths[path] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kilpi API', version, description: 'The Kilpi ISMS JSON API. Errors are RFC 9457 problem details (application/problem+json).' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `kilpi token create` or the account page.' },
        session: { type: 'apiKey', in: 'cookie', name: 'kilpi_session' },
      },
    },
  };
}
