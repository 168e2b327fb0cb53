// TLS material: the operator's certificate, or a self-signed one made on first start.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  selfSigned: boolean;
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Reads `certFile`/`keyFile` when given; else loads or creates `tls/` in the data directory. */
export async function loadTls(opts: { dataDir: string; certFile?: string | undefined; keyFile?: string | undefined; host: string }): Promise<TlsMaterial> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error('give both --tls-cert and --tls-key');
    const cert = readFileSync(opts.certFile, 'utf8');
    const key = readFileSync(opts.keyFile, 'utf8');
    return { cert, key, fingerprint: fingerprintOf(cert), selfSigned: false };
  }
  const dir = join(opts.dataDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), fingerprint: fingerprintOf(cert), selfSigned: true };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const names = new Set(['localhost', '127.0.0.1', '::1', opts.host]);
  names.delete('0.0.0.0');
  names.delete('::');
  const altNames = [...names].map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const now = new Date();
  const made = await generate([{ name: 'commonName', value: opts.host === '0.0.0.0' ? 'localhost' : opts.host }, { name: 'organizationName', value: 'Kilpi self-signed' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  writeFileSync(keyPath, made.private, { mode: 0o600 });
  writeFileSync(certPath, made.cert, { mode: 0o644 });
  return { cert: made.cert, key: made.private, fingerprint: fingerprintOf(made.cert), selfSigned: true };
}
