// CSV exports of the crypto area: the policy list and one policy's rules.
import { toCsv } from '../../core/csv.js';
import type { PolicySource, Rule } from './policy-schema.js';
import { ruleSetting } from './rule-text.js';
import type { PolicySummaryOut } from './schema.js';

export function policiesCsv(rows: PolicySummaryOut[]): string {
  return toCsv(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'kind', value: (r) => r.kind },
    { header: 'name', value: (r) => r.name },
    { header: 'scope', value: (r) => r.scope },
    { header: 'version', value: (r) => r.version },
    { header: 'revision', value: (r) => r.revision },
    { header: 'baseline_id', value: (r) => r.baseline_id },
    { header: 'baseline_name', value: (r) => r.baseline_name },
    { header: 'rule_count', value: (r) => r.rule_count },
    { header: 'updated_at', value: (r) => r.updated_at },
  ]);
}

export function rulesCsv(rules: Rule[], sources: PolicySource[]): string {
  const byId = new Map(sources.map((s) => [s.id, s]));
  return toCsv(rules, [
    { header: 'id', value: (r) => r.id },
    { header: 'kind', value: (r) => r.kind },
    { header: 'title', value: (r) => r.title },
    { header: 'severity', value: (r) => r.severity },
    { header: 'setting', value: (r) => ruleSetting(r) },
    { header: 'source', value: (r) => byId.get(r.source.document)?.title ?? r.source.document },
    { header: 'source_section', value: (r) => r.source.section },
    { header: 'source_url', value: (r) => byId.get(r.source.document)?.url },
  ]);
}
