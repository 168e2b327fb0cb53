// One typed configuration, from command-line flags and the environment.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isMailFrom, isSmtpUrl } from './mail/address.js';

/** A bad flag or environment value: the CLI prints its one-line message and exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const Config = z.object({
  dataDir: z.string().min(1).max(4096).refine(noControl, 'the data directory must not contain control characters'),
  databaseUrl: z
    .string()
    .max(4096)
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, 'host must be a hostname or IP address'),
  port: z.number().int().min(0).max(65535),
  tlsCert: z.string().min(1).max(4096).optional(),
  tlsKey: z.string().min(1).max(4096).optional(),
  insecureHttp: z.boolean(),
  behindProxy: z.boolean(),
  orgName: z.string().trim().min(1).max(200).refine(noControl, 'KILPI_ORG_NAME must not contain control characters'),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'KILPI_TIME_ZONE must be an IANA time zone such as Europe/Helsinki'),
  /** Optional so callers that build a Config by hand need not name it; defaults to `info`. */
  logLevel: z.enum(LOG_LEVELS, { message: `KILPI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  /** Outgoing mail (reminders); both unset means mail is not configured. The URL may hold a password: never echo it. */
  smtpUrl: z.string().max(2048).refine(isSmtpUrl, 'KILPI_SMTP_URL must look like smtp://host:587 or smtps://user:password@host:465').optional(),
  mailFrom: z.string().max(320).refine(isMailFrom, 'KILPI_MAIL_FROM must be an address such as kilpi@example.com or "Kilpi <kilpi@example.com>"').optional(),
});
export type Config = z.infer<typeof Config>;

export interface ServeFlags {
  port?: string;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  behindProxy?: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/;

/** Names the flag or variable a config field came from, for error messages. */
const SOURCE: Record<string, string> = {
  dataDir: '--data',
  databaseUrl: 'DATABASE_URL',
  host: '--host',
  port: '--port',
  tlsCert: '--tls-cert',
  tlsKey: '--tls-key',
  orgName: 'KILPI_ORG_NAME',
  timeZone: 'KILPI_TIME_ZONE',
  logLevel: 'KILPI_LOG_LEVEL',
  smtpUrl: 'KILPI_SMTP_URL',
  mailFrom: 'KILPI_MAIL_FROM',
};

/** `1`/`true`/`yes` and `0`/`false`/`no` (any case); anything else is a mistake worth reporting. */
function envFlag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (or true/false), not "${value.slice(0, 20)}"`);
}

const shown = (s: string) => JSON.stringify(s.length > 20 ? s.slice(0, 20) + '…' : s);

/** Builds the configuration; throws a one-line ConfigError on any bad value. */
export function loadConfig(dataDir: string, flags: ServeFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = flags.port ?? env.KILPI_PORT ?? '8443';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new ConfigError(`--port must be a number from 0 to 65535, not ${shown(port)}`);
  // Brackets are how URLs write IPv6 addresses; the socket wants the bare address.
  const host = (flags.host ?? env.KILPI_HOST ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (env.KILPI_SECRET_KEY !== undefined && env.KILPI_SECRET_KEY !== '') {
    const k = env.KILPI_SECRET_KEY.trim();
    if (!/^[A-Za-z0-9+/]{43}=?$/.test(k) || Buffer.from(k, 'base64').length !== 32) {
      throw new ConfigError('KILPI_SECRET_KEY must be 32 random bytes in base64 (e.g. from: openssl rand -base64 32)');
    }
  }
  const r = Config.safeParse({
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    databaseUrl: env.DATABASE_URL || undefined,
    host,
    port: Number(port),
    tlsCert: flags.tlsCert ?? (env.KILPI_TLS_CERT || undefined),
    tlsKey: flags.tlsKey ?? (env.KILPI_TLS_KEY || undefined),
    insecureHttp: flags.insecureHttp ?? false,
    behindProxy: flags.behindProxy ?? envFlag('KILPI_BEHIND_PROXY', env.KILPI_BEHIND_PROXY) ?? false,
    orgName: env.KILPI_ORG_NAME ?? 'Esimerkki Payments Oy',
    timeZone: env.KILPI_TIME_ZONE || 'Europe/Helsinki',
    logLevel: env.KILPI_LOG_LEVEL || 'info',
    smtpUrl: env.KILPI_SMTP_URL || undefined,
    mailFrom: env.KILPI_MAIL_FROM || undefined,
  });
  if (!r.success) {
    const i = r.error.issues[0]!;
    const key = String(i.path[0] ?? '');
    const prefix = SOURCE[key] ?? 'config';
    throw new ConfigError(i.message.startsWith(prefix) ? i.message : `${prefix}: ${i.message}`);
  }
  const c = r.data;
  if (c.smtpUrl && !c.mailFrom) throw new ConfigError('KILPI_SMTP_URL is set but KILPI_MAIL_FROM is not: give the sender address, e.g. "Kilpi <kilpi@example.com>"');
  if (c.insecureHttp && c.behindProxy) throw new ConfigError('choose one of --insecure-http and --behind-proxy');
  if (c.insecureHttp && !LOOPBACK.test(c.host)) {
    throw new ConfigError('--insecure-http only listens on a loopback address (127.0.0.1, ::1 or localhost); use TLS or --behind-proxy for other hosts');
  }
  if (Boolean(c.tlsCert) !== Boolean(c.tlsKey)) throw new ConfigError('give both --tls-cert and --tls-key (or KILPI_TLS_CERT and KILPI_TLS_KEY)');
  if (c.tlsCert && (c.insecureHttp || c.behindProxy)) throw new ConfigError('--tls-cert is for serving HTTPS; it cannot be combined with --insecure-http or --behind-proxy');
  return c;
}

/** The address a URL should show: a wildcard listen address is reached as localhost. */
export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
