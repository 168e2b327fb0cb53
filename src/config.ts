// One typed configuration, from command-line flags and the environment.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const Config = z.object({
  dataDir: z.string().min(1).max(4096),
  databaseUrl: z
    .string()
    .max(4096)
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, 'host must be a hostname or IP address'),
  port: z.number().int().min(0).max(65535),
  tlsCert: z.string().max(4096).optional(),
  tlsKey: z.string().max(4096).optional(),
  insecureHttp: z.boolean(),
  behindProxy: z.boolean(),
  orgName: z.string().min(1).max(200),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'KILPI_TIME_ZONE must be an IANA time zone such as Europe/Helsinki'),
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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/;

/** Builds the configuration; throws a one-line message on any bad value. */
export function loadConfig(dataDir: string, flags: ServeFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = flags.port ?? env.KILPI_PORT ?? '8443';
  if (!/^\d{1,5}$/.test(port)) throw new Error(`--port must be a number from 0 to 65535, not "${port.slice(0, 20)}"`);
  const r = Config.safeParse({
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    databaseUrl: env.DATABASE_URL || undefined,
    host: flags.host ?? env.KILPI_HOST ?? '127.0.0.1',
    port: Number(port),
    tlsCert: flags.tlsCert ?? env.KILPI_TLS_CERT,
    tlsKey: flags.tlsKey ?? env.KILPI_TLS_KEY,
    insecureHttp: flags.insecureHttp ?? false,
    behindProxy: flags.behindProxy ?? env.KILPI_BEHIND_PROXY === '1',
    orgName: env.KILPI_ORG_NAME ?? 'Esimerkki Payments Oy',
    timeZone: env.KILPI_TIME_ZONE ?? 'Europe/Helsinki',
  });
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${i.path.join('.') || 'config'}: ${i.message}`);
  }
  const c = r.data;
  if (c.insecureHttp && c.behindProxy) throw new Error('choose one of --insecure-http and --behind-proxy');
  if (c.insecureHttp && !LOOPBACK.test(c.host)) throw new Error('--insecure-http only listens on a loopback address (127.0.0.1, ::1 or localhost)');
  if ((c.tlsCert && !c.tlsKey) || (!c.tlsCert && c.tlsKey)) throw new Error('give both --tls-cert and --tls-key');
  return c;
}
