// Starts the HTTP(S) server: TLS by default, plain HTTP only on loopback or behind a proxy.
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { boot, type Booted } from './bootstrap.js';
import { displayHost, type Config } from './config.js';
import { createApp, type BuiltApp } from './http/app.js';
import { loadTls } from './http/tls.js';

export interface Running {
  url: string;
  /** SHA-256 fingerprint of the certificate served, or null for plain HTTP. */
  fingerprint: string | null;
  /** True when the certificate is the self-signed one Kilpi made in `<data>/tls`. */
  selfSigned: boolean;
  /** When the served certificate expires, or null for plain HTTP. */
  certificateExpires: Date | null;
  booted: Booted;
  server: ServerType;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Adds routes before the server listens (tests mount probes this way). */
  extend?: (built: BuiltApp) => void;
  /** Run the ledger sequencer in this process (default true; it only writes while it holds the log's lock). */
  sequencer?: boolean;
}

/** Why a listen failed, in words an operator can act on. */
function listenError(e: NodeJS.ErrnoException, config: Config): Error {
  const where = `${displayHost(config.host)}:${config.port}`;
  if (e.code === 'EADDRINUSE') return new Error(`cannot listen on ${where}: the port is already in use`);
  if (e.code === 'EACCES') return new Error(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') return new Error(`cannot listen on ${where}: no such local address`);
  return new Error(`cannot listen on ${where}: ${e.message}`);
}

/** Opens storage and builds the services the server runs on, as `config` says. */
export function bootFor(config: Config): Promise<Booted> {
  return boot({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    log: pino({ level: config.logLevel ?? 'info' }),
    // Cookies are Secure whenever users reach us over HTTPS, including through a proxy.
    secureCookies: !config.insecureHttp,
    behindProxy: config.behindProxy,
    orgName: config.orgName,
    timeZone: config.timeZone,
    mail: config.smtpUrl && config.mailFrom ? { smtpUrl: config.smtpUrl, from: config.mailFrom } : null,
  });
}

/** Listens as `config` says. Stopping closes the storage too, also when `booted` came from the caller. */
export async function startServer(config: Config, booted?: Booted, opts: StartOptions = {}): Promise<Running> {
  const plain = config.insecureHttp || config.behindProxy;
  const tls = plain ? null : await loadTls({ dataDir: config.dataDir, certFile: config.tlsCert, keyFile: config.tlsKey, host: config.host });
  const b = booted ?? (await bootFor(config));
  let server: ServerType;
  try {
    const built = createApp(b.services);
    opts.extend?.(built);
    server = await new Promise<ServerType>((resolveListen, reject) => {
      const s = serve(
        {
          fetch: built.app.fetch,
          port: config.port,
          hostname: config.host,
          ...(tls ? { createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' as const } } : {}),
        },
        () => resolveListen(s),
      );
      s.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, config)));
    });
  } catch (e) {
    // Only close what we opened: a caller's booted services stay theirs.
    if (!booted) await b.close();
    throw e;
  }
  // The audit trail flows into the ledger while the server runs; stopping closes the services, which stops it.
  if (opts.sequencer ?? true) b.services.ledger?.start();
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return {
    url: `${tls ? 'https' : 'http'}://${displayHost(config.host)}:${port}/`,
    fingerprint: tls?.fingerprint ?? null,
    selfSigned: tls?.selfSigned ?? false,
    certificateExpires: tls?.notAfter ?? null,
    booted: b,
    server,
    stop: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).then(() => b.close()),
  };
}
