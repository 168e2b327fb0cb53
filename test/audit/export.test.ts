// CSV export of the audit trail, from the page and from the API: same filters, right rows, safe cells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { auditEventsForExport } from '../../src/audit/export.js';
import { buildEvent } from '../web/fixtures.js';

/** The body as text with its byte-order mark checked (Response.text() would silently drop it). */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** Parses the CSV this app writes (RFC 4180 quoting, CRLF, BOM) into rows of cells. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const HEADER = ['seq', 'id', 'occurred_at', 'actor_type', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'request_id', 'before', 'after'];

describe.each(dialects())('audit CSV export on %s', (dialect) => {
  let t: TestApp;
  let cookie: string;
  let staffCookie: string;
  let bearer: string;
  let staffBearer: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    await buildEvent(t, { at: '2026-11-20T10:00:00.000Z', action: 'doc.create', entityType: 'doc', entityId: 'd-1', before: null, after: { title: 'Plan, "v1"\r\nline two' } });
    await buildEvent(t, { at: '2026-11-21T10:00:00.000Z', action: 'doc.update', entityType: 'doc', entityId: 'd-1', before: { title: 'a' }, after: { title: 'b' } });
    await buildEvent(t, { at: '2026-11-22T10:00:00.000Z', action: 'doc.update', entityType: 'doc', entityId: '=HYPERLINK("http://evil.example","x")', actor: { type: 'system', id: null, label: '@SUM(1+1)' } });
    await buildEvent(t, { at: '2026-11-22T11:00:00.000Z', action: 'other.touch', entityType: 'other' });
    cookie = (await t.session('auditor')).cookie;
    staffCookie = (await t.session('staff')).cookie;
    bearer = (await t.bearer('auditor')).authorization;
    staffBearer = (await t.bearer('staff')).authorization;
  });
  afterAll(async () => t.close());

  it('exports the page’s selection in the page’s order, as a CSV download', async () => {
    const res = await t.request('/audit/export.csv?entity_type=doc&dir=desc', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-trail-2026-11-25.csv"');
    const rows = parseCsv(await csvText(res));
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => r[6])).toEqual(['doc.update', 'doc.update', 'doc.create']);
    expect(res.headers.get('x-total-count')).toBe('3');
    const asc = parseCsv(await csvText(await t.request('/audit/export.csv?entity_type=doc&dir=asc', { headers: { cookie } })));
    expect(asc.slice(1).map((r) => r[2])).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-21T10:00:00.000Z', '2026-11-22T10:00:00.000Z']);
  });

  it('applies date filters as days in the organisation’s time zone', async () => {
    const rows = parseCsv(await csvText(await t.request('/audit/export.csv?from=2026-11-21&to=2026-11-21', { headers: { cookie } })));
    expect(rows.slice(1).map((r) => r[6])).toEqual(['doc.update']);
  });

  it('keeps commas, quotes and line breaks inside cells, and before/after as JSON', async () => {
    const rows = parseCsv(await csvText(await t.request('/audit/export.csv?action=doc.create', { headers: { cookie } })));
    expect(rows).toHaveLength(2);
    expect(rows[1]![10]).toBe('');
    expect(JSON.parse(rows[1]![11]!)).toEqual({ title: 'Plan, "v1"\r\nline two' });
  });

  it('prefixes cells a spreadsheet would run as formulas', async () => {
    const text = await csvText(await t.request('/audit/export.csv?entity_type=doc', { headers: { cookie } }));
    const row = parseCsv(text).find((r) => r[8]!.includes('HYPERLINK'))!;
    expect(row[8]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(row[5]).toBe(`'@SUM(1+1)`);
  });

  it('refuses staff and anonymous callers, and bad filters without a partial file', async () => {
    expect((await t.request('/audit/export.csv', { headers: { cookie: staffCookie } })).status).toBe(403);
    expect((await t.request('/audit/export.csv')).status).toBe(303);
    const bad = await t.request('/audit/export.csv?from=31.12.2026&entity_type=%3Cx%3E', { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    const body = await bad.text();
    expect(body).toContain('<code>from</code>');
    expect(body).toContain('<code>entity_type</code>');
  });

  it('reads across pages without repeating or losing a row, and keeps the newest when capped', async () => {
    for (let i = 0; i < 7; i++) await buildEvent(t, { action: `page.n${String.fromCharCode(97 + i)}`, entityType: 'paged' });
    const seqs = async (order: 'asc' | 'desc', opts: { max?: number; pageSize?: number }) =>
      (await auditEventsForExport(t.ctx(), { entity_type: 'paged' }, order, opts)).events.map((e) => e.action);
    const all = ['page.na', 'page.nb', 'page.nc', 'page.nd', 'page.ne', 'page.nf', 'page.ng'];
    expect(await seqs('asc', { pageSize: 2 })).toEqual(all);
    expect(await seqs('asc', { pageSize: 7 })).toEqual(all);
    expect(await seqs('desc', { pageSize: 3 })).toEqual([...all].reverse());
    expect(await seqs('desc', { max: 3, pageSize: 2 })).toEqual(['page.ng', 'page.nf', 'page.ne']);
    expect(await seqs('asc', { max: 3, pageSize: 2 })).toEqual(['page.na', 'page.nb', 'page.nc']);
    const { total } = await auditEventsForExport(t.ctx(), { entity_type: 'paged' }, 'asc', { max: 3 });
    expect(total).toBe(7);
  });

  describe('GET /api/v1/audit-events/export.csv', () => {
    it('climbs the ladder: 401, 400 per field, 403, then the CSV', async () => {
      expect((await t.request('/api/v1/audit-events/export.csv')).status).toBe(401);
      const bad = await t.request('/api/v1/audit-events/export.csv?from=yesterday&order=sideways&entity_type=DROP%20TABLE', { headers: { authorization: bearer } });
      expect(bad.status).toBe(400);
      const problem = (await bad.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field).sort()).toEqual(['entity_type', 'from', 'order']);
      expect((await t.request('/api/v1/audit-events/export.csv', { headers: { authorization: staffBearer } })).status).toBe(403);
      const ok = await t.request('/api/v1/audit-events/export.csv?entity_type=doc&order=asc&from=2026-11-21T00:00:00Z', { headers: { authorization: bearer } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = parseCsv(await csvText(ok));
      expect(rows[0]).toEqual(HEADER);
      expect(rows.slice(1).map((r) => r[2])).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-22T10:00:00.000Z']);
    });

    it('is described in the OpenAPI document as text/csv, and not mistaken for an event id', async () => {
      const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }> };
      expect(Object.keys(doc.paths['/api/v1/audit-events/export.csv']!.get.responses['200']!.content)).toEqual(['text/csv']);
    });

    it('rejects control characters and malformed ids instead of failing in the database', async () => {
      for (const q of ['entity_id=%00', 'actor_id=a%00b', 'entity_id=%0a']) {
        for (const path of ['/api/v1/audit-events/export.csv', '/api/v1/audit-events']) {
          const res = await t.request(`${path}?${q}`, { headers: { authorization: bearer } });
          expect(res.status, `${path}?${q}`).toBe(400);
        }
      }
      for (const id of ['%00', 'x%20y', 'a'.repeat(65)]) {
        expect((await t.request(`/api/v1/audit-events/${id}`, { headers: { authorization: bearer } })).status, id).toBe(400);
      }
      expect((await t.request('/api/v1/audit-events/0190f0f0-0000-7000-8000-000000000000', { headers: { authorization: bearer } })).status).toBe(404);
    });
  });
});
