// Audit events in the ledger, as their readers see them: the API's ledger facts and proofs, the event and trail pages, proof bundles.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { parseBundle, verifyBundle } from '../../src/ledger/bundle.js';
import { openCheckpoint } from '../../src/ledger/checkpoint.js';
import { parseVerifierKey } from '../../src/ledger/keys.js';
import { leafHash, verifyInclusion } from '../../src/ledger/merkle.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { buildEvent, cspViolations, getPage } from '../web/fixtures.js';

interface LedgerFacts {
  log: string;
  index: number;
  commitment: string;
  salt: string;
  checkpoint_size: number;
  inclusion_proof: string[];
}
type EventJson = Record<string, unknown> & { id: string; seq: number; ledger: LedgerFacts | null };

const b64 = (s: string) => Buffer.from(s, 'base64');

describe.each(dialects())('audit events in the ledger on %s', (dialect) => {
  let t: TestApp;
  const bearer = {} as Record<Role, string>;
  const cookie = {} as Record<Role, string>;
  let entityId: string;

  const api = async (path: string, who: Role | null = 'auditor') => {
    const res = await t.request(path, who ? { headers: { authorization: bearer[who] } } : undefined);
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };
  const eventFor = async (entity: string): Promise<EventJson> => {
    const { body } = await api(`/api/v1/audit-events?entity_id=${entity}`);
    return (body as { items: EventJson[] }).items[0]!;
  };

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
      bearer[role] = (await t.bearer(role)).authorization;
      cookie[role] = (await t.session(role)).cookie;
    }
    entityId = await buildEvent(t, { action: 'person.update', entityType: 'person', before: { name: 'Aino', status: 'active' }, after: { name: 'Aino Ö', status: 'leaving' } });
  });
  afterAll(async () => t.close());

  describe('before the sequencer has covered an event', () => {
    it('shows ledger: null in the API and says so on the event page', async () => {
      const e = await eventFor(entityId);
      expect(e.ledger).toBeNull();
      const one = await api(`/api/v1/audit-events/${e.id}`);
      expect((one.body as EventJson).ledger).toBeNull();
      const page = await getPage(t, `/audit/${e.id}`, cookie.auditor);
      expect(page.html).toContain('Not in a signed checkpoint yet.');
      expect(page.html).not.toContain('proof.json');
      const trail = await getPage(t, '/audit', cookie.auditor);
      expect(trail.html).toContain('No checkpoint has been signed yet.');
    });

    it('has no proof bundle yet (404, not an error)', async () => {
      const e = await eventFor(entityId);
      expect((await api(`/api/v1/audit-events/${e.id}/proof-bundle`)).status).toBe(404);
      expect((await getPage(t, `/audit/${e.id}/proof.json`, cookie.auditor)).status).toBe(404);
    });
  });

  describe('once a signed checkpoint covers it', () => {
    beforeAll(async () => {
      t.booted.services.ledger!.start();
      await t.booted.services.ledger!.settleAudit(t.booted.services.db);
    });

    it('gives its index, commitment, salt and an inclusion proof that verifies against the served checkpoint', async () => {
      const e = await eventFor(entityId);
      const l = e.ledger!;
      expect(l).toMatchObject({ log: 'audit', index: expect.any(Number), checkpoint_size: expect.any(Number) });
      expect(b64(l.salt)).toHaveLength(32);
      expect(b64(l.commitment)).toHaveLength(32);
      const note = await (await t.request('/ledger/audit/checkpoint')).text();
      const vkey = t.booted.services.ledger!.audit.verifierKey;
      const cp = openCheckpoint(note, [parseVerifierKey(vkey)]).checkpoint;
      expect(cp.size).toBe(l.checkpoint_size);
      verifyInclusion(leafHash(b64(l.commitment)), l.index, cp.size, l.inclusion_proof.map(b64), cp.rootHash);
      const one = (await api(`/api/v1/audit-events/${e.id}`)).body as EventJson;
      expect(one.ledger).toEqual(l);
    });

    it('lets an auditor recompute the commitment from the API’s event: drop seq and ledger, canonical JSON, SHA-256 with the salt', async () => {
      const e = await eventFor(entityId);
      const { seq: _seq, ledger, ...event } = e;
      const digest = createHash('sha256').update(b64(ledger!.salt)).update(canonicalJson(event), 'utf8').digest('base64');
      expect(digest).toBe(ledger!.commitment);
      // Any changed field gives another commitment.
      const changed = createHash('sha256').update(b64(ledger!.salt)).update(canonicalJson({ ...event, action: 'person.delete' }), 'utf8').digest('base64');
      expect(changed).not.toBe(ledger!.commitment);
    });

    it('keeps the ledger facts to audit readers: 401 anonymous, 403 staff', async () => {
      const e = await eventFor(entityId);
      expect((await api(`/api/v1/audit-events/${e.id}`, null)).status).toBe(401);
      expect((await api(`/api/v1/audit-events/${e.id}`, 'staff')).status).toBe(403);
      expect((await api(`/api/v1/audit-events/${e.id}/proof-bundle`, null)).status).toBe(401);
      expect((await api(`/api/v1/audit-events/${e.id}/proof-bundle`, 'staff')).status).toBe(403);
      for (const role of ['admin', 'security_officer', 'auditor'] as const) expect((await api(`/api/v1/audit-events/${e.id}`, role)).status, role).toBe(200);
      expect((await getPage(t, `/audit/${e.id}/proof.json`, cookie.staff)).status).toBe(403);
      const anon = await getPage(t, `/audit/${e.id}/proof.json`);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toContain('/login?next=');
    });

    it('serves a proof bundle, from the API and the page, that verifies offline with the log’s key', async () => {
      const e = await eventFor(entityId);
      const vkey = t.booted.services.ledger!.audit.verifierKey;
      const fromApi = await api(`/api/v1/audit-events/${e.id}/proof-bundle`);
      expect(fromApi.status).toBe(200);
      expect(fromApi.headers.get('content-disposition')).toBe(`attachment; filename="audit-event-${e.ledger!.index}.proof.json"`);
      const page = await getPage(t, `/audit/${e.id}/proof.json`, cookie.auditor);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const bundle = parseBundle(page.html);
      expect(bundle).toEqual(fromApi.body);
      const r = verifyBundle(bundle, [parseVerifierKey(vkey)]);
      expect(r.event).toMatchObject({ id: e.id, action: 'person.update' });
    });

    it('shows the event’s place in the ledger on its page, with the proof and how to verify it offline', async () => {
      const e = await eventFor(entityId);
      const l = e.ledger!;
      const res = await getPage(t, `/audit/${e.id}`, cookie.auditor);
      expect(res.status).toBe(200);
      expect(res.html).toContain('In the verified ledger');
      expect(res.html).toContain(`Covered by the signed checkpoint of size ${l.checkpoint_size}.`);
      expect(res.html).toContain(`<dd class="mono">${l.index}</dd>`);
      expect(res.html).toContain(`<code>${l.commitment}</code>`);
      expect(res.html).toContain(`<code>${l.salt}</code>`);
      expect(res.html).toContain(`Inclusion proof (${l.inclusion_proof.length} hashes)`);
      expect(res.html).toContain(`href="/audit/${e.id}/proof.json"`);
      expect(res.html).toContain(`kilpi ledger verify-bundle --vkey &#39;${t.booted.services.ledger!.audit.verifierKey}&#39; audit-event-${l.index}.proof.json`);
      expect(res.html).toContain(`kilpi ledger proof --log audit --index ${l.index}`);
      expect(cspViolations(res.html)).toEqual([]);
    });

    it('shows the latest signed checkpoint on the trail page instead of a promise', async () => {
      const res = await getPage(t, '/audit', cookie.auditor);
      const cp = openCheckpoint(await (await t.request('/ledger/audit/checkpoint')).text(), [t.booted.services.ledger!.audit.verifier]).checkpoint;
      expect(res.html).toContain('Latest signed checkpoint');
      expect(res.html).toContain('<code>kilpi.local/audit</code>');
      expect(res.html).toContain(`<code>${cp.rootHash.toString('base64')}</code>`);
      expect(res.html).toContain('<time datetime="2026-11-25T08:00:00.000Z">');
      expect(res.html).toContain('href="/ledger/audit/checkpoint"');
      expect(res.html).toContain('kilpi ledger verify --url https://kilpi.test/ledger/audit/');
      expect(res.html).not.toContain('Tamper evidence is coming');
      expect(cspViolations(res.html)).toEqual([]);
    });

    it('speaks Finnish', async () => {
      const e = await eventFor(entityId);
      const res = await t.request(`/audit/${e.id}`, { headers: { cookie: `${cookie.auditor}; lang=fi` } });
      const html = await res.text();
      expect(html).toContain('Varmennetussa lokissa');
      expect(html).toContain('Sisältyy allekirjoitettuun tarkistuspisteeseen');
      const trail = await (await t.request('/audit', { headers: { cookie: `${cookie.auditor}; lang=fi` } })).text();
      expect(trail).toContain('Viimeisin allekirjoitettu tarkistuspiste');
    });

    it('answers hostile ids for the proof bundle with 400 or 404, never an error', async () => {
      for (const id of ['%3Cscript%3E', "'%3BDROP%20TABLE%20audit_events", 'a'.repeat(200), '0190f0f0-0000-7000-8000-000000000000']) {
        const a = await t.request(`/api/v1/audit-events/${id}/proof-bundle`, { headers: { authorization: bearer.auditor } });
        expect([400, 404], id.slice(0, 20)).toContain(a.status);
        const p = await getPage(t, `/audit/${id}/proof.json`, cookie.auditor);
        expect(p.status, id.slice(0, 20)).toBe(404);
        expect(p.html).not.toContain('<script>');
      }
    });
  });
});
