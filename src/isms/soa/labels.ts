// Words for the SoA's computed facts, shared by the pages and the exports: status, basis, gaps,
// themes and the approval line, each through `t()` so a Finnish reader gets Finnish.
import { formatDate, t } from '../../web/i18n.js';
import type { GapKind, StatusBasis } from './rules.js';
import type { SoaRowOut, VersionOut } from './schema.js';
import type { SoaStatus } from './tables.js';
import './messages.js';

export const statusLabel = (s: SoaStatus): string => t(`soa.status.${s}`);
export const gapLabel = (g: GapKind): string => t(`soa.gap.${g}`);

/** The theme's name, e.g. "A.8 Technological controls"; an unknown theme shows as itself. */
export function themeLabel(theme: string): string {
  const key = `soa.theme.${theme}`;
  const name = t(key);
  return name === key ? theme : `${theme} ${name}`;
}

/** Why a row has its status, in one sentence: the counts it was computed from. */
export function basisText(row: Pick<SoaRowOut, 'applicable' | 'status_basis'>): string {
  if (!row.applicable) return t('soa.basis.excluded');
  const b: StatusBasis = row.status_basis;
  const counting = b.linked - b.not_applicable;
  if (b.linked === 0) return t('soa.basis.none');
  if (counting === 0) return t('soa.basis.allNa', { n: b.linked });
  const parts = [t('soa.basis.implemented', { n: b.implemented, of: counting })];
  if (b.in_progress) parts.push(t('soa.basis.inProgress', { n: b.in_progress }));
  if (b.planned) parts.push(t('soa.basis.planned', { n: b.planned }));
  if (b.not_started) parts.push(t('soa.basis.notStarted', { n: b.not_started }));
  if (b.not_applicable) parts.push(t('soa.basis.na', { n: b.not_applicable }));
  return parts.join(t('soa.basis.sep'));
}

/** The basis as plain key=value pairs, for CSV readers that are scripts. */
export const basisPairs = (b: StatusBasis): string =>
  `linked=${b.linked} implemented=${b.implemented} in_progress=${b.in_progress} planned=${b.planned} not_started=${b.not_started} not_applicable=${b.not_applicable}`;

/** "Jussi Heinonen, Head of IT and Platform", or "Not approved" for drafts and the working copy. */
export function approverLine(v: VersionOut | null): string {
  if (!v?.approval) return t('soa.approval.none');
  return v.approval.title ? `${v.approval.name}, ${v.approval.title}` : v.approval.name;
}

/** "Version 2 (draft)" or "Working copy (not a version)". */
export function versionLine(v: VersionOut | null): string {
  if (!v) return t('soa.version.working');
  return t('soa.version.label', { n: v.number, status: t(`soa.versionStatus.${v.status}`) });
}

export const approvalDate = (v: VersionOut | null): string => (v?.approval ? formatDate(v.approval.approved_on) : '—');

/** One line per implementing control: "CTL-001 Title (implemented)". */
export const implementerLine = (c: SoaRowOut['implemented_by'][number]): string => `${c.ref} ${c.title} (${t(`soa.controlStatus.${c.status}`)})`;
