// Reads a log served in the tlog-tiles layout over HTTP(S), with size limits and timeouts, for verification.
import { LedgerError, MalformedError } from './errors.js';
import { classifyPath, maxObjectSize, type LedgerSource } from './storage.js';

export interface HttpSourceOptions {
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A read-only LedgerSource over `<prefix>/checkpoint` and `<prefix>/tile/…`. */
export class HttpSource implements LedgerSource {
  private readonly base: URL;

  constructor(
    prefix: string,
    private readonly opts: HttpSourceOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(prefix);
    } catch {
      throw new MalformedError(`not a URL: ${prefix.slice(0, 200)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MalformedError('the log URL must be http:// or https://');
    if (url.username || url.password) throw new MalformedError('the log URL must not carry credentials');
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.search = '';
    url.hash = '';
    this.base = url;
  }

  async get(path: string): Promise<Uint8Array | null> {
    classifyPath(path);
    const url = new URL(path, this.base);
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000), redirect: 'follow' });
    } catch (e) {
      throw new LedgerError(`GET ${url.href} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new LedgerError(`GET ${url.href}: HTTP ${res.status}`);
    }
    return readCapped(res, maxObjectSize(path), url.href);
  }
}

/** Reads a response body, refusing one larger than `max` bytes without buffering all of it. */
async function readCapped(res: Response, max: number, what: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel();
    throw new MalformedError(`${what} is ${declared} bytes, more than such an object can hold`);
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new MalformedError(`${what} is more than ${max} bytes, more than such an object can hold`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
