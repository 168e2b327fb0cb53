// /api/v1/openapi.json: a well-formed OpenAPI 3.1 document that lists exactly the API the app serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRouter } from '../../src/http/api-router.js';
import { buildOpenApi } from '../../src/http/openapi.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SELF = '/api/v1/openapi.json';

/** Hono `:id` / `:id{re}` / `:id?` → OpenAPI `{id}`. */
const templated = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^}]*\})*)\})?\??/g, '{$1}');

/** Every `$ref` in the document must point at something inside it. */
function danglingRefs(doc: Json): string[] {
  const bad: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        let target: unknown = doc;
        if (!v.startsWith('#/')) bad.push(v);
        else for (const part of v.slice(2).split('/')) target = (target as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
        if (target === undefined) bad.push(v);
      } else visit(v);
    }
  };
  visit(doc);
  return bad;
}

/** Structural checks for OpenAPI 3.1; returns what is wrong, so a failure lists every problem. */
export function openApiProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (doc.openapi !== '3.1.0') problems.push(`openapi is ${String(doc.openapi)}`);
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') problems.push('info needs title and version');
  const ids = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    if (/[:*]/.test(path)) problems.push(`${path}: Hono syntax leaked into the document`);
    const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, opRaw] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) {
        problems.push(`${where}: unknown method`);
        continue;
      }
      const op = opRaw as Json;
      if (typeof op.operationId !== 'string' || ids.has(op.operationId)) problems.push(`${where}: operationId missing or duplicated`);
      ids.add(String(op.operationId));
      if (typeof op.summary !== 'string' || !op.summary) problems.push(`${where}: no summary`);
      const responses = (op.responses ?? {}) as Record<string, Json>;
      if (Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
      if (!Object.keys(responses).some((s) => /^2\d\d$/.test(s))) problems.push(`${where}: no success response`);
      for (const [code, r] of Object.entries(responses)) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(code)) problems.push(`${where}: bad status ${code}`);
        if (typeof r.description !== 'string') problems.push(`${where} ${code}: no description`);
      }
      const params = (op.parameters ?? []) as Json[];
      const seen = new Set<string>();
      for (const p of params) {
        const key = `${String(p.in)}:${String(p.name)}`;
        if (seen.has(key)) problems.push(`${where}: parameter ${key} twice`);
        seen.add(key);
        if (!['query', 'header', 'path', 'cookie'].includes(String(p.in))) problems.push(`${where}: parameter ${key} has a bad location`);
        if (p.in === 'path' && p.required !== true) problems.push(`${where}: path parameter ${String(p.name)} must be required`);
        if (!p.schema || typeof p.schema !== 'object') problems.push(`${where}: parameter ${key} has no schema`);
      }
      const pathParams = params.filter((p) => p.in === 'path').map((p) => String(p.name));
      if ([...pathParams].sort().join() !== [...inTemplate].sort().join()) problems.push(`${where}: path parameters ${pathParams.join()} do not match the template`);
      const body = op.requestBody as Json | undefined;
      if (body && (!body.content || Object.keys(body.content as Json).length === 0)) problems.push(`${where}: requestBody without content`);
    }
  }
  problems.push(...danglingRefs(doc).map((r) => `dangling $ref ${r}`));
  return problems;
}

describe.each(dialects())('OpenAPI document on %s', (dialect) => {
  let t: TestApp;
  let doc: Json;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const res = await t.request(SELF);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = (await res.json()) as Json;
  });
  afterAll(async () => t.close());

  it('is served without signing in and is well-formed OpenAPI 3.1', () => {
    expect(openApiProblems(doc)).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists every /api/v1 route the app serves, and nothing it does not', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/') && r.path !== SELF)
        .map((r) => `${r.method.toLowerCase()} ${templated(r.path)}`),
    );
    const documented = new Set(Object.entries(doc.paths as Record<string, Json>).flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`)));
    expect([...documented].filter((x) => !served.has(x)), 'documented but not served').toEqual([]);
    expect([...served].filter((x) => !documented.has(x)), 'served but not documented').toEqual([]);
    expect(served.size).toBeGreaterThan(0);
  });

  it('documents 401 and 403 as problem+json on every operation that needs a sign-in', () => {
    const bearer = ((doc.components as Json).securitySchemes as Json).bearer as Json;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue; // public
        const responses = op.responses as Record<string, Json>;
        for (const code of ['401', '403']) {
          expect(responses[code], `${method} ${path} ${code}`).toBeDefined();
          expect(Object.keys(responses[code]!.content as Json), `${method} ${path} ${code}`).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('describes GET /api/v1/me with the fields it returns', () => {
    const me = ((doc.paths as Json)['/api/v1/me'] as Json).get as Json;
    const schema = (((me.responses as Json)['200'] as Json).content as Json)['application/json'] as Json;
    expect((schema.schema as Json).properties).toMatchObject({ email: {}, name: {}, role: {} });
  });
});

describe('buildOpenApi', () => {
  const api = new ApiRouter('/api/v1');
  const body = z.object({ name: z.string().min(1).max(100), count: z.number().int().optional() });
  api.route({ method: 'post', path: '/things', access: 'people.write', summary: 'Make a thing', tag: 'Things', body, response: body }, (c) => c.json({}));
  api.route(
    { method: 'get', path: '/things/:id{[0-9a-f-]+}', access: 'people.read', summary: 'One thing', tag: 'Things', params: z.object({ id: z.string() }), errors: [404] },
    (c) => c.json({}),
  );
  api.route({ method: 'post', path: '/things/import', access: 'people.import', summary: 'Import', tag: 'Things', csv: true, response: { mediaType: 'text/csv', description: 'Report' } }, (c) => c.text(''));
  api.route({ method: 'get', path: '/open', access: 'public', summary: 'Open', tag: 'Things' }, (c) => c.json({}));
  const doc = buildOpenApi(api.operations, '9.9.9') as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;

  it('turns Hono patterns into OpenAPI templates and stays well-formed', () => {
    expect(Object.keys(paths).sort()).toEqual(['/api/v1/open', '/api/v1/things', '/api/v1/things/import', '/api/v1/things/{id}']);
    expect(openApiProblems(doc)).toEqual([]);
  });

  it('documents bodies, error codes and the permission each operation needs', () => {
    const post = paths['/api/v1/things']!.post!;
    expect(Object.keys(post.responses as Json).sort()).toEqual(['201', '400', '401', '403', '413', '415', '429']);
    expect(((post.requestBody as Json).content as Json)['application/json']).toBeDefined();
    expect(post.description).toContain('people.write');
    expect(Object.keys(paths['/api/v1/things/{id}']!.get!.responses as Json)).toContain('404');
    expect(((paths['/api/v1/things/import']!.post!.requestBody as Json).content as Json)['text/csv']).toBeDefined();
    expect(paths['/api/v1/open']!.get!.security).toEqual([]);
  });

  it('catches a malformed document', () => {
    const broken = { openapi: '3.0.0', info: {}, paths: { '/x/:id': { get: { responses: {} } }, '/y/{id}': { fetch: {} } }, components: {} } as Json;
    const problems = openApiProblems({ ...broken, extra: { $ref: '#/components/schemas/Nope' } });
    expect(problems).toEqual(
      expect.arrayContaining([
        'openapi is 3.0.0',
        'info needs title and version',
        '/x/:id: Hono syntax leaked into the document',
        'GET /x/:id: no responses',
        'FETCH /y/{id}: unknown method',
        'dangling $ref #/components/schemas/Nope',
      ]),
    );
  });
});
