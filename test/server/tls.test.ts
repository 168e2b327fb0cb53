// TLS by default: a self-signed certificate made once and reused, its fingerprint printed, TLS ≥ 1.2
// only, HSTS; or the operator's own certificate.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadTls } from '../../src/http/tls.js';
import { startServer } from '../../src/server.js';
import { kilpiServe } from '../cli/run.js';

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  peer: PeerCertificate;
  protocol: string | null;
}

/** GET over HTTPS trusting only `ca`: proves the served certificate is that one, by name too. */
function httpsGet(url: string, ca: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      const protocol = socket.getProtocol();
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, peer, protocol }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a TLS connection limited to the given versions; resolves with the protocol, or the error. */
function handshake(port: number, minVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3', maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client even offer the old versions, so any refusal is the server's.
    const s = connect({ host: '127.0.0.1', port, minVersion, maxVersion, rejectUnauthorized: false, ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
      resolve(s.getProtocol() ?? 'unknown');
      s.end();
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
  });
}

describe('TLS by default (the kilpi serve command)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kilpi-tls-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes a self-signed certificate on first start, prints its fingerprint and serves it', async () => {
    const server = await kilpiServe(['--data', dataDir, 'serve', '--port', '0']);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const certPem = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
      expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o077).toBe(0);
      const fingerprint = new X509Certificate(certPem).fingerprint256;
      expect(server.fingerprint).toBe(fingerprint);

      const res = await httpsGet(new URL('/healthz', server.url).href, certPem);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
      expect(res.peer.fingerprint256).toBe(fingerprint);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(res.protocol);

      const port = Number(new URL(server.url).port);
      expect(await handshake(port, 'TLSv1', 'TLSv1.1')).toMatch(/^error/);
      expect(await handshake(port, 'TLSv1.2', 'TLSv1.2')).toBe('TLSv1.2');
      expect(await handshake(port, 'TLSv1.3', 'TLSv1.3')).toBe('TLSv1.3');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('reuses the same certificate on restart', async () => {
    const before = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    const server = await kilpiServe(['--data', dataDir, 'serve', '--port', '0']);
    try {
      expect(server.fingerprint).toBe(new X509Certificate(before).fingerprint256);
      expect(readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8')).toBe(before);
      expect((await httpsGet(new URL('/readyz', server.url).href, before)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('TLS certificates', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kilpi-tls-own-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function makeCert(name: string, days: number, now = new Date()): Promise<{ cert: string; key: string; certFile: string; keyFile: string }> {
    const made = await generate([{ name: 'commonName', value: 'kilpi.example.test' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 86_400_000),
      notAfterDate: new Date(now.getTime() + days * 86_400_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'kilpi.example.test' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    const certFile = join(dir, `${name}.crt`);
    const keyFile = join(dir, `${name}.key`);
    writeFileSync(certFile, made.cert);
    writeFileSync(keyFile, made.private, { mode: 0o600 });
    return { cert: made.cert, key: made.private, certFile, keyFile };
  }

  it('serves the operator’s certificate from --tls-cert/--tls-key and makes none of its own', async () => {
    const own = await makeCert('own', 90);
    const dataDir = join(dir, 'data-own');
    const config = loadConfig(dataDir, { port: '0', tlsCert: own.certFile, tlsKey: own.keyFile }, { KILPI_LOG_LEVEL: 'silent' });
    const running = await startServer(config);
    try {
      expect(running.selfSigned).toBe(false);
      expect(running.fingerprint).toBe(new X509Certificate(own.cert).fingerprint256);
      const res = await httpsGet(new URL('/healthz', running.url).href, own.cert);
      expect(res.status).toBe(200);
      expect(res.peer.fingerprint256).toBe(running.fingerprint);
      expect(existsSync(join(dataDir, 'tls'))).toBe(false);
    } finally {
      await running.stop();
    }
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const a = await makeCert('a', 90);
    const b = await makeCert('b', 90);
    await expect(loadTls({ dataDir: dir, certFile: a.certFile, keyFile: b.keyFile, host: '127.0.0.1' })).rejects.toThrow('--tls-key does not belong to the certificate in --tls-cert');
    await expect(loadTls({ dataDir: dir, certFile: a.keyFile, keyFile: a.keyFile, host: '127.0.0.1' })).rejects.toThrow('--tls-cert is not a PEM certificate');
    await expect(loadTls({ dataDir: dir, certFile: a.certFile, keyFile: a.certFile, host: '127.0.0.1' })).rejects.toThrow('--tls-key is not an unencrypted PEM private key');
  });

  it('replaces its own self-signed certificate when it nears expiry', async () => {
    const dataDir = join(dir, 'data-renew');
    const first = await loadTls({ dataDir, host: '127.0.0.1' });
    const again = await loadTls({ dataDir, host: '127.0.0.1' });
    expect(again.fingerprint).toBe(first.fingerprint);
    // Eleven and a half months on, within 30 days of expiry, a new certificate replaces it.
    const later = await loadTls({ dataDir, host: '127.0.0.1', now: new Date(Date.now() + 350 * 86_400_000) });
    expect(later.fingerprint).not.toBe(first.fingerprint);
    expect(later.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
    expect(readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8')).toBe(later.cert);
  });

  it('names the wildcard host localhost in the certificate and covers loopback addresses', async () => {
    const tls = await loadTls({ dataDir: join(dir, 'data-wild'), host: '0.0.0.0' });
    const x = new X509Certificate(tls.cert);
    expect(x.subject).toContain('CN=localhost');
    expect(x.subjectAltName).toContain('DNS:localhost');
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x.subjectAltName).not.toContain('0.0.0.0');
  });
});
