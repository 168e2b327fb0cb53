// Opens storage, applies migrations and builds the services every entry point shares.
import pino, { type Logger } from 'pino';
import { loadSecretKey } from './auth/secret-box.js';
import { systemClock, type Clock } from './core/clock.js';
import { migrateToLatest } from './db/migrate.js';
import { openStore, type Store } from './db/index.js';
import { DEFAULT_LIMITS, type Limits, type Services } from './http/env.js';
import { Ledger } from './ledger/logs.js';
import { createMailer, type MailSettings } from './mail/index.js';
import type { SequencerTuning } from './ledger/sequencer.js';
import type { LedgerStorage } from './ledger/storage.js';

export interface BootOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  clock?: Clock;
  log?: Logger;
  limits?: Partial<Limits>;
  secureCookies?: boolean;
  behindProxy?: boolean;
  orgName?: string;
  timeZone?: string;
  /** The audit log's origin when it is created (default: env KILPI_LEDGER_ORIGIN, else kilpi.local/audit). */
  ledgerOrigin?: string;
  /** Each ledger log's storage (default: from the environment, <data>/ledger/<log>/ or KILPI_LEDGER_S3_*). */
  ledgerStorage?: (log: string) => LedgerStorage;
  /** Sequencer timings; tests shorten them. */
  ledgerTuning?: Partial<SequencerTuning>;
  /** Outgoing mail (KILPI_SMTP_URL, KILPI_MAIL_FROM); absent or null: mail is not configured. */
  mail?: MailSettings | null;
}

export interface Booted {
  store: Store;
  services: Services;
  close(): Promise<void>;
}

export async function boot(opts: BootOptions): Promise<Booted> {
  const store = openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  try {
    await migrateToLatest(store.db);
  } catch (e) {
    await store.close();
    throw e;
  }
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? pino({ level: process.env.KILPI_LOG_LEVEL ?? 'info' });
  const secretKey = loadSecretKey(opts.dataDir);
  let ledger: Ledger;
  try {
    // Opening makes each log's signing key on first start; the sequencers start with the server.
    ledger = await Ledger.open({
      db: store.db,
      dialect: store.dialect,
      secretKey,
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      clock,
      log,
      auditOrigin: opts.ledgerOrigin,
      storage: opts.ledgerStorage,
      tuning: opts.ledgerTuning,
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const services: Services = {
    db: store.db,
    dialect: store.dialect,
    clock,
    log,
    secretKey,
    secureCookies: opts.secureCookies ?? true,
    behindProxy: opts.behindProxy ?? false,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    orgName: opts.orgName ?? 'Esimerkki Payments Oy',
    timeZone: opts.timeZone ?? 'Europe/Helsinki',
    ledger,
    mail: opts.mail ? createMailer(opts.mail) : null,
  };
  return {
    store,
    services,
    close: async () => {
      await ledger.stop();
      await store.close();
    },
  };
}
