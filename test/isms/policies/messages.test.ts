// The policy area's strings exist in English and Finnish, and its templates are complete documents.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../../src/isms/policies/messages.js';
import { MSG } from '../../../src/isms/policies/schema.js';
import { parseTemplate, policyTemplates } from '../../../src/isms/policies/templates.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/policies');

describe('policy messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('policies.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('policies.'));
    expect(en.length).toBeGreaterThan(150);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the pages use, and every state a template string builds', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx') || n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/'(policies\.[A-Za-z0-9_.]+)'/g)) {
        if (['policies.read', 'policies.write', 'policies.approve', 'policies.acknowledge', 'policies.csv'].includes(key!)) continue;
        expect(en.has(key!), `${f}: ${key}`).toBe(true);
      }
    }
    const families: Record<string, string[]> = {
      'policies.level': ['principle', 'practice', 'instruction'],
      'policies.status': ['draft', 'approved', 'published', 'superseded'],
      'policies.review': ['none', 'scheduled', 'due_soon', 'overdue'],
      'policies.ack': ['acknowledged', 'pending', 'overdue', 'left'],
      'policies.campaign.status': ['open', 'overdue', 'complete', 'superseded'],
      'policies.campaign.audience': ['all', 'department', 'people'],
      'policies.reminders.outcome': ['sending', 'sent', 'partly_failed', 'failed', 'not_configured'],
      'policies.filter.status': ['published', 'unpublished', 'draft', 'approved'],
      'policies.history': ['policy.create', 'policy.update', 'policy.review', 'policy.draft', 'policy.draft_update', 'policy.approve', 'policy.publish', 'policy.campaign', 'policy.remind', 'policy.remind_result'],
    };
    for (const [prefix, values] of Object.entries(families)) for (const v of values) expect(en.has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });
});

describe('policy templates', () => {
  it('are eight documents with purpose, scope, roles, rules and review, a few hundred words each', () => {
    const all = policyTemplates();
    expect(all).toHaveLength(8);
    for (const tpl of all) {
      const words = tpl.body.split(/\s+/).length;
      expect(words, tpl.id).toBeGreaterThan(300);
      expect(words, tpl.id).toBeLessThan(800);
      expect(tpl.body, tpl.id).toMatch(/^## Purpose$/m);
      expect(tpl.body, tpl.id).toMatch(/^## Scope$/m);
      expect(tpl.body, tpl.id).toMatch(/^## Roles/m);
      expect(tpl.body, tpl.id).toMatch(/^## (Rules|Principles|Handling)$/m);
      expect(tpl.body, tpl.id).toMatch(/^## Review$/m);
      expect(tpl.body, tpl.id).toContain('{{organisation}}');
    }
  });

  it('name the deadlines and baselines a Finnish payment service provider works to', () => {
    const body = (id: string) => policyTemplates().find((x) => x.id === id)!.body;
    expect(body('incident-response')).toMatch(/4 hours[\s\S]*24 hours[\s\S]*72 hours[\s\S]*one month/);
    expect(body('incident-response')).toContain('Office of the Data Protection Ombudsman');
    expect(body('cryptography')).toContain('M72B');
    expect(body('cryptography')).toMatch(/TLS 1\.2/);
    expect(body('cryptography')).toMatch(/no wildcard certificates/);
  });

  it('refuses a template file without proper front matter, naming it', () => {
    expect(() => parseTemplate('broken', '# no front matter')).toThrow(/broken/);
    expect(() => parseTemplate('bad-level', '---\ntitle: X\nlevel: law\nreview_interval_months: 12\n---\nBody')).toThrow(/bad-level/);
    expect(parseTemplate('ok', '---\ntitle: X\nlevel: practice\nreview_interval_months: 6\nsummary: S\n---\n\nBody\n')).toMatchObject({ id: 'ok', title: 'X', review_interval_months: 6, body: 'Body\n' });
  });
});
