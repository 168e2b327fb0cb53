// Opens storage, applies migrations and builds the services every entry point shares.
import pino, { type Logger } from 'pino';
import { loadSecretKey } from './auth/secret-box.js';
import { systemClock, type Clock } from './core/clock.js';
import { migrateToLatest } from './db/migrate.js';
import { openStore, type Store } from './db/index.js';
import { DEFAULT_LIMITS, type Limits, type Services } from './http/env.js';

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
  const services: Services = {
    db: store.db,
    dialect: store.dialect,
    clock: opts.clock ?? systemClock,
    log: opts.log ?? pino({ level: process.env.KILPI_LOG_LEVEL ?? 'info' }),
    secretKey: loadSecretKey(opts.dataDir),
    secureCookies: opts.secureCookies ?? true,
    behindProxy: opts.behindProxy ?? false,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    orgName: opts.orgName ?? 'Esimerkki Payments Oy',
    timeZone: opts.timeZone ?? 'Europe/Helsinki',
  };
  return { store, services, close: () => store.close() };
}
