// The audit trail's ledger on its pages: the latest signed checkpoint, and one event's commitment and proof.
import type { Ledger, RecordedCheckpoint } from '../ledger/logs.js';
import { LocalTime } from '../web/components.js';
import { formatNumber, t } from '../web/i18n.js';
import './messages.js';
import type { AuditEventOut } from './schema.js';

/** Quotes a value for a POSIX shell: the verifier key may contain `+` and `/`, never a quote. */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function CheckpointCard({ ledger, recorded, timeZone, logUrl }: { ledger: Ledger | undefined; recorded: RecordedCheckpoint | null; timeZone: string; logUrl: string }) {
  if (!ledger) return null;
  const log = ledger.audit;
  return (
    <section class="card" aria-labelledby="checkpoint-h">
      <div class="card-head">
        <h2 id="checkpoint-h">{t('audit.ledger.heading')}</h2>
        {recorded?.note && <a href="/ledger/audit/checkpoint">{t('audit.ledger.checkpointLink')}</a>}
      </div>
      <p>{t('audit.ledger.text')}</p>
      {recorded?.note ? (
        <dl class="facts">
          <dt>{t('audit.ledger.origin')}</dt>
          <dd>
            <code>{log.origin}</code>
          </dd>
          <dt>{t('audit.ledger.size')}</dt>
          <dd class="mono">{formatNumber(recorded.size)}</dd>
          <dt>{t('audit.ledger.root')}</dt>
          <dd>
            <code>{recorded.rootHash}</code>
          </dd>
          {recorded.at && (
            <>
              <dt>{t('audit.ledger.signedAt')}</dt>
              <dd>
                <LocalTime iso={recorded.at} timeZone={timeZone} />
              </dd>
            </>
          )}
          <dt>{t('audit.ledger.vkey')}</dt>
          <dd>
            <code>{log.verifierKey}</code>
          </dd>
        </dl>
      ) : (
        <p class="muted">{t('audit.ledger.none')}</p>
      )}
      <details class="raw">
        <summary>{t('audit.ledger.verifyAll')}</summary>
        <pre>{`kilpi ledger verify --url ${logUrl} --vkey ${shq(log.verifierKey)}`}</pre>
      </details>
    </section>
  );
}

export function LedgerCard({ e, vkey }: { e: AuditEventOut; vkey: string | null }) {
  const l = e.ledger;
  return (
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">{t('audit.ev.title')}</h2>
      {!l ? (
        <p class="muted">{t('audit.ev.pending')}</p>
      ) : (
        <>
          <p>{t('audit.ev.covered', { size: formatNumber(l.checkpoint_size) })}</p>
          <dl class="facts">
            <dt>{t('audit.ev.index')}</dt>
            <dd class="mono">{l.index}</dd>
            <dt>{t('audit.ev.commitment')}</dt>
            <dd>
              <code>{l.commitment}</code>
              <p class="muted small">{t('audit.ev.commitmentHint')}</p>
            </dd>
            <dt>{t('audit.ev.salt')}</dt>
            <dd>
              <code>{l.salt}</code>
            </dd>
          </dl>
          <details class="raw">
            <summary>{t('audit.ev.proof', { n: l.inclusion_proof.length })}</summary>
            <pre>{l.inclusion_proof.join('\n') || t('audit.ev.proofEmpty')}</pre>
          </details>
          <details class="raw">
            <summary>{t('audit.ev.verify')}</summary>
            <p>
              {t('audit.ev.verifyText')} <a href={`/audit/${encodeURIComponent(e.id)}/proof.json`} download>{t('audit.ev.download')}</a>
            </p>
            <pre>{`kilpi ledger verify-bundle --vkey ${shq(vkey ?? 'VKEY')} audit-event-${l.index}.proof.json`}</pre>
            <p>{t('audit.ev.cliText')}</p>
            <pre>{`kilpi ledger proof --log audit --index ${l.index} > audit-event-${l.index}.proof.json`}</pre>
          </details>
        </>
      )}
    </section>
  );
}
