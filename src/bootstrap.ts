// Opens storage, applies migrations and builds the services every entry point shares.
import pino, { type Logger } from 'pino';
import { loadSecretKey } from './auth/secret-box.js';
import { systemClock, type Clock } from './core/clock.js';
import { systemActor } from './core/context.js';
import { loadBundledBaselines } from './isms/crypto/service.js';
import { migrateToLatest } from './db/migrate.js';
import { openStore, type Store } from './db/index.js';
import { DEFAULT_LIMITS, type Limits, type Services } from './http/env.js';
import { loadBundledCatalogues } from './isms/frameworks/catalogue-files.js';
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
  /**
   * Load the bundled content (framework catalogues, crypto baselines) into the database (default
   * true): idempotent, and an unchanged file writes nothing. The ledger commands turn it off, so
   * reading a ledger never writes to it.
   */
  loadContent?: boolean;
  /** Where the bundled framework catalogues are read from (default: content/frameworks of this install). */
  frameworksDir?: string;
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
  try {
    // After migrations and the ledger: loading records audit events, one per new or changed file.
    if (opts.loadContent ?? true) {
      await loadBundledCatalogues({ db: store.db, clock, log }, opts.frameworksDir);
      await loadBundledBaselines({ db: store.db, clock, actor: systemActor('kilpi content'), log });
    }
  } catch (e) {
    await ledger.stop();
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
