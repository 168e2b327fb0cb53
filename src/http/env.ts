// What the app needs (services) and what middleware puts on each request's context.
import type { Logger } from 'pino';
import type { Role } from '../auth/roles.js';
import type { SessionRow, UserRow } from '../auth/tables.js';
import type { Clock } from '../core/clock.js';
import type { Actor, Ctx } from '../core/context.js';
import type { DB, DialectName } from '../db/index.js';
import type { Ledger } from '../ledger/logs.js';
import type { Mailer } from '../mail/index.js';
import type { Locale } from '../web/i18n.js';

export interface Services {
  db: DB;
  dialect: DialectName;
  clock: Clock;
  log: Logger;
  /** 32-byte key for secrets at rest (MFA seeds). */
  secretKey: Buffer;
  /** True when the app is reached over HTTPS (directly or through a proxy); sets Secure cookies. */
  secureCookies: boolean;
  /** Plain HTTP behind a TLS-terminating proxy: requests must carry X-Forwarded-Proto: https. */
  behindProxy: boolean;
  /** Tunables for sessions and throttling; tests shorten them. */
  limits: Limits;
  orgName: string;
  timeZone: string;
  /** The verified ledger's logs (the audit trail); absent only where a caller builds services by hand. */
  ledger?: Ledger;
  /** Outgoing mail; null or absent when KILPI_SMTP_URL is not set. */
  mail?: Mailer | null;
}

export interface Limits {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Failed sign-ins before an account is locked. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Sign-in attempts per client address per minute. */
  loginPerMinute: number;
  /** API requests per token or address per minute. */
  apiPerMinute: number;
  maxBodyBytes: number;
  maxCsvBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  loginPerMinute: 20,
  apiPerMinute: 1200,
  maxBodyBytes: 1024 * 1024,
  maxCsvBytes: 5 * 1024 * 1024,
};

export interface AuthState {
  user: UserRow;
  role: Role;
  via: 'session' | 'token';
  session: SessionRow | null;
  /** False while a session still owes its MFA challenge or enrolment. */
  complete: boolean;
}

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    auth: AuthState | null;
    actor: Actor | null;
    locale: Locale;
    /** The token forms on this request must carry (see middleware/csrf.ts). */
    csrfToken: string;
    /** Template of the matched route, for metrics labels. */
    routePath: string;
  };
}

/** The service context for the current request's actor. */
export function ctxOf(c: { get<K extends keyof AppEnv['Variables']>(k: K): AppEnv['Variables'][K] }): Ctx {
  const s = c.get('services');
  return { db: s.db, clock: s.clock, actor: c.get('actor'), requestId: c.get('requestId'), log: s.log };
}
