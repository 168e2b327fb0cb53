// The problem `type` of every API error resolves to a page that explains it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '../../src/core/errors.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

describe.each(dialects())('problem types page on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('explains every problem type without signing in', async () => {
    const res = await t.request('/docs/problems');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const type of PROBLEM_TYPES) {
      expect(html, type).toContain(`<dt id="${type}"><code>${type}</code></dt>`);
      expect(html, type).not.toContain(`problems.${type}`);
    }
  });

  it('is where a real error’s type points', async () => {
    const problem = (await (await t.request('/api/v1/me')).json()) as { type: string };
    const [path, anchor] = problem.type.split('#');
    const html = await (await t.request(path!)).text();
    expect(html).toContain(`id="${anchor}"`);
  });
});
