// Crypto demo data for Esimerkki Payments Oy: the organisation's own copy of the M72B / ST IV
// baseline, tightened to prefer a TLS 1.3-only merchant API. Idempotent: found by name.
import type { Ctx } from '../../core/context.js';
import type { PolicySource, Rule } from './policy-schema.js';
import { copyPolicy, cryptoSummary, getPolicy, listPolicies, loadBundledBaselines, updatePolicy } from './service.js';

export const DEMO_POLICY_NAME = 'Esimerkki crypto policy';
const BASELINE_ID = 'm72b-st4';

const OWN_SOURCE: PolicySource = {
  id: 'esimerkki-ciso',
  title: 'Esimerkki Payments: CISO decision on merchant API transport security',
  note: 'The merchant API moves to TLS 1.3 only once the last merchants on TLS 1.2 have upgraded; until then TLS 1.2 connections are reported as warnings.',
};

const TLS13_ONLY: Rule = {
  id: 'merchant-api-tls13-only',
  kind: 'protocol_min',
  title: 'Merchant API: TLS 1.3 only (preferred)',
  severity: 'warning',
  source: { document: 'esimerkki-ciso' },
  rationale: 'Every merchant SDK we support speaks TLS 1.3; offering TLS 1.2 only keeps old integrations alive.',
  min: 'TLS1.3',
};

/** Seeds the area idempotently; answers counts of what the area now holds, for the demo banner. */
export async function seedCrypto(ctx: Ctx): Promise<Record<string, number>> {
  await loadBundledBaselines(ctx);
  const existing = await listPolicies(ctx, { q: DEMO_POLICY_NAME, kind: 'organisation', sort: 'name', dir: 'asc', limit: 10, offset: 0 });
  if (!existing.items.some((p) => p.name === DEMO_POLICY_NAME)) {
    const baseline = await getPolicy(ctx, BASELINE_ID);
    const copy = await copyPolicy(ctx, BASELINE_ID, {
      name: DEMO_POLICY_NAME,
      scope: 'Merchant API (AST-001 Payment gateway API)',
      description: 'Esimerkki Payments’ cryptography policy for the merchant-facing payment gateway API: the M72B / ST IV baseline, with TLS 1.3 preferred strongly enough to warn on every TLS 1.2 handshake the API still offers.',
    });
    const rules = baseline.rules.map((r): Rule => (r.id === 'tls-1-3-offered' ? { ...r, severity: 'warning' } : r));
    await updatePolicy(ctx, copy.id, { revision: copy.revision, sources: [...copy.sources, OWN_SOURCE], rules: [...rules, TLS13_ONLY] });
  }
  const s = await cryptoSummary(ctx);
  return { crypto_baselines: s.baselines, crypto_policies: s.organisation };
}
