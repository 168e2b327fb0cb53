// Starts the HTTP(S) server: TLS by default, plain HTTP only on loopback or behind a proxy.
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import { boot, type Booted } from './bootstrap.js';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { loadTls } from './http/tls.js';

export interface Running {
  url: string;
  fingerprint: string | null;
  booted: Booted;
  server: ServerType;
  stop(): Promise<void>;
}

export async function startServer(config: Config, booted?: Booted): Promise<Running> {
  const tls = config.insecureHttp || config.behindProxy ? null : await loadTls({ dataDir: config.dataDir, certFile: config.tlsCert, keyFile: config.tlsKey, host: config.host });
  const b =
    booted ??
    (await boot({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, secureCookies: !config.insecureHttp, behindProxy: config.behindProxy, orgName: config.orgName, timeZone: config.timeZone }));
  const { app } = createApp(b.services);
  const server = await new Promise<ServerType>((resolveListen, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        ...(tls ? { createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' as const } } : {}),
      },
      () => resolveListen(s),
    );
    s.once('error', reject);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}/`,
    fingerprint: tls?.fingerprint ?? null,
    booted: b,
    server,
    stop: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).then(() => b.close()),
  };
}
