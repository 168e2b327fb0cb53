// Serving the ledger: each log read-only in the tlog-tiles layout at /ledger/<log>/, and proofs in the API.
import type { Context, Hono } from 'hono';
import type { ApiRouter } from '../http/api-router.js';
import type { AppEnv } from '../http/env.js';
import { guard } from '../http/guard.js';
import { LogParam, CheckpointOut, ConsistencyOut, ConsistencyQuery, InclusionOut, InclusionQuery } from './schema.js';
import { ledgerCheckpoint, ledgerConsistency, ledgerInclusion } from './service.js';
import { servedPath } from './proofs.js';
import { CHECKPOINT_PATH } from './storage.js';
import { TILE_WIDTH } from './tiles.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
// A partial tile's bytes never change either (its path names its width), but a short lifetime
// lets a cache drop the ones the log no longer serves once their full tile exists.
const PARTIAL = 'public, max-age=60';

const LOG_NAME = /^[a-z0-9_-]{1,64}$/;

/** A plain 404 without a page around it: tile clients read status codes, not HTML. */
const missing = (c: Context<AppEnv>) => respond(c, 404, 'not found\n', 'text/plain; charset=utf-8', 'no-store');

function respond(c: Context<AppEnv>, status: 200 | 404, body: Uint8Array | string, type: string, cache: string): Response {
  const res = c.body(typeof body === 'string' ? body : new Uint8Array(body), status, {
    'Content-Type': type,
    'Cache-Control': cache,
    // Public, read-only data: any origin's verifier may fetch it.
    'Access-Control-Allow-Origin': '*',
  });
  // Anonymous page requests get a CSRF cookie; a cacheable object must not carry one.
  res.headers.delete('Set-Cookie');
  return res;
}

async function serveObject(c: Context<AppEnv>): Promise<Response> {
  const name = c.req.param('log') ?? '';
  const log = LOG_NAME.test(name) ? c.get('services').ledger?.get(name) : undefined;
  if (!log) return missing(c);
  const prefix = `/ledger/${name}/`;
  const path = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : '';
  const what = servedPath(path);
  if (!what) return missing(c);
  if (what.kind === 'checkpoint') {
    const note = await log.storage.get(CHECKPOINT_PATH);
    return note ? respond(c, 200, note, 'text/plain; charset=utf-8', 'no-cache') : missing(c);
  }
  let bytes = await log.storage.get(path);
  if (!bytes && what.tile.width < TILE_WIDTH) {
    // A partial tile of an older checkpoint's width: cut from the tile the latest checkpoint has.
    const latest = await log.latest();
    if (latest) bytes = await log.tiles.read(what.tile, latest.checkpoint.size);
  }
  if (!bytes) return missing(c);
  return respond(c, 200, bytes, 'application/octet-stream', what.tile.width === TILE_WIDTH ? IMMUTABLE : PARTIAL);
}

/** GET /ledger/<log>/checkpoint, /ledger/<log>/tile/<L>/<N>[.p/<W>], /ledger/<log>/tile/entries/<N>[.p/<W>]. */
export function registerLedgerRoutes(app: Hono<AppEnv>): void {
  app.get('/ledger/:log/*', guard('public', serveObject));
}

/** The proofs API. Public like the log itself: a proof reveals only hashes anyone can read from the tiles. */
export function registerLedgerApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/ledger/:log/checkpoint', access: 'public', tag: 'Ledger', summary: 'The log’s latest signed checkpoint and its verifier key', params: LogParam, response: CheckpointOut, errors: [400, 404] },
    async (c, { params }) => c.json(await ledgerCheckpoint(c.get('services').ledger, params.log)),
  );
  api.route(
    {
      method: 'get',
      path: '/ledger/:log/proof/inclusion',
      access: 'public',
      tag: 'Ledger',
      summary: 'An inclusion proof for the entry at `index` in the tree of `size` (default: the latest checkpoint’s size)',
      params: LogParam,
      query: InclusionQuery,
      response: InclusionOut,
      errors: [400, 404],
    },
    async (c, { params, query }) => c.json(await ledgerInclusion(c.get('services').ledger, params.log, query)),
  );
  api.route(
    {
      method: 'get',
      path: '/ledger/:log/proof/consistency',
      access: 'public',
      tag: 'Ledger',
      summary: 'A consistency proof from the tree of `from` entries to the tree of `to` (default: the latest checkpoint’s size)',
      params: LogParam,
      query: ConsistencyQuery,
      response: ConsistencyOut,
      errors: [400, 404],
    },
    async (c, { params, query }) => c.json(await ledgerConsistency(c.get('services').ledger, params.log, query)),
  );
}
