// Small pieces every asset page shares: pills for classification and status, C/I/A values with
// their meaning, owner notes, and links to assets.
import { Pill, type PillTone } from '../../web/components.js';
import { currentLocale, t } from '../../web/i18n.js';
import type { AssetRow } from '../tables.js';
import { ciaLevel } from './rules.js';
import type { AssetLink } from './schema.js';

const CLASS_TONE: Record<AssetRow['classification'], PillTone> = { public: 'muted', internal: 'info', confidential: 'warn', secret: 'bad' };

export const ClassificationPill = ({ value }: { value: AssetRow['classification'] }) => <Pill tone={CLASS_TONE[value]}>{t(`assets.classification.${value}`)}</Pill>;

export const StatusPill = ({ status }: { status: AssetRow['status'] }) => <Pill tone={status === 'active' ? 'ok' : 'muted'}>{t(`assets.status.${status}`)}</Pill>;

export const kindLabel = (k: AssetRow['kind']) => t(`assets.kind.${k}`);
export const environmentLabel = (e: AssetRow['environment']) => (e ? t(`assets.environment.${e}`) : t('assets.environment.none'));

// A list page shows these texts hundreds of times; there are only 4 values and 64 combinations.
const memo = new Map<string, string>();
const memoised = (key: string, make: () => string) => {
  const k = `${currentLocale()}|${key}`;
  let v = memo.get(k);
  if (v === undefined) memo.set(k, (v = make()));
  return v;
};

/** "3 · high": the value and what it means. */
export const ciaText = (v: number) => memoised(`v${v}`, () => `${v} · ${t(`assets.cia.${ciaLevel(v)}`)}`);

/** C, I and A in a table cell: three figures, with the full meaning for screen readers and on hover. */
export function CiaCompact({ c, i, a }: { c: number; i: number; a: number }) {
  const full = memoised(`s${c}${i}${a}`, () => t('assets.cia.summary', { c: ciaText(c), i: ciaText(i), a: ciaText(a) }));
  return (
    <span class="mono nowrap" title={full}>
      <span aria-hidden="true">
        {c}·{i}·{a}
      </span>
      <span class="visually-hidden">{full}</span>
    </span>
  );
}

/** A derived note about the owner, with its basis: none recorded, or the person has left. */
export function OwnerNote({ ownerId, ownerStatus }: { ownerId: string | null; ownerStatus: string | null }) {
  if (!ownerId) return <Pill tone="warn">{t('assets.owner.none')}</Pill>;
  if (ownerStatus === 'left') return <Pill tone="warn">{t('assets.owner.left')}</Pill>;
  return null;
}

export function AssetLinkItem({ a }: { a: AssetLink }) {
  return (
    <>
      <a href={`/assets/${a.id}`}>
        <span class="mono">{a.ref}</span> {a.name}
      </a>
      {a.status === 'retired' && (
        <>
          {' '}
          <StatusPill status="retired" />
        </>
      )}
    </>
  );
}
