// TLS material: the operator's certificate, or a self-signed one made on first start.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  selfSigned: boolean;
  /** When the certificate stops being valid. */
  notAfter: Date;
}

/** A self-signed certificate this close to expiry is replaced on start. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : 'unreadable';
    throw new Error(`cannot read ${flag} ${file}: ${why}`, { cause: e });
  }
}

/** Parses and cross-checks a certificate and key, with one-line errors naming the flag. */
function checkPair(cert: string, key: string, certFlag: string, keyFlag: string): { x509: X509Certificate } {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`${certFlag} is not a PEM certificate`, { cause: e });
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(key);
  } catch (e) {
    throw new Error(`${keyFlag} is not an unencrypted PEM private key`, { cause: e });
  }
  if (!x509.checkPrivateKey(keyObject)) throw new Error(`${keyFlag} does not belong to the certificate in ${certFlag}`);
  return { x509 };
}

/** Reads `certFile`/`keyFile` when given; else loads or creates `tls/` in the data directory. */
export async function loadTls(opts: { dataDir: string; certFile?: string | undefined; keyFile?: string | undefined; host: string; now?: Date }): Promise<TlsMaterial> {
  const now = opts.now ?? new Date();
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error('give both --tls-cert and --tls-key');
    const cert = readPem(opts.certFile, '--tls-cert');
    const key = readPem(opts.keyFile, '--tls-key');
    const { x509 } = checkPair(cert, key, '--tls-cert', '--tls-key');
    return { cert, key, fingerprint: x509.fingerprint256, selfSigned: false, notAfter: new Date(x509.validTo) };
  }
  const dir = join(opts.dataDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readPem(certPath, 'the certificate');
    const key = readPem(keyPath, 'the key');
    const { x509 } = checkPair(cert, key, certPath, keyPath);
    const notAfter = new Date(x509.validTo);
    if (notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS) return { cert, key, fingerprint: x509.fingerprint256, selfSigned: true, notAfter };
  }
  return makeSelfSigned(dir, certPath, keyPath, opts.host, now);
}

async function makeSelfSigned(dir: string, certPath: string, keyPath: string, host: string, now: Date): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const names = new Set(['localhost', '127.0.0.1', '::1', host]);
  names.delete('0.0.0.0');
  names.delete('::');
  const altNames = [...names].map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const commonName = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const made = await generate([{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Kilpi self-signed' }], {
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
  // Write beside, then rename: a crash never leaves a cert without its key.
  writeFileSync(keyPath + '.new', made.private, { mode: 0o600 });
  writeFileSync(certPath + '.new', made.cert, { mode: 0o644 });
  renameSync(keyPath + '.new', keyPath);
  renameSync(certPath + '.new', certPath);
  const x509 = new X509Certificate(made.cert);
  return { cert: made.cert, key: made.private, fingerprint: x509.fingerprint256, selfSigned: true, notAfter: new Date(x509.validTo) };
}
