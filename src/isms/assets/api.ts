// Asset inventory API under /api/v1/assets: list, export, read, create, update, dependencies and CSV import.
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { CSV_COLUMNS } from './csv.js';
import { AssetDetailOut, AssetList, AssetOut, AssetPatch, AssetsFilter, AssetsQuery, DependenciesInput, ImportQuery, ImportResult, NewAssetInput } from './schema.js';
import { assetDetail, createAsset, exportAssetsCsv, importAssets, listAssets, setAssetDependencies, updateAsset } from './service.js';

const tag = 'Assets';
const IdParams = z.object({ id: z.string().max(64).describe('The asset’s id or reference (AST-014)') });

/** A text stream of `chunks`, so a large export starts at once and never sits whole in memory. */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

export function registerAssetsApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/assets', access: 'assets.read', tag, summary: 'List assets, filtered, sorted and paged', query: AssetsQuery, response: AssetList },
    async (c, { query }) => c.json(await listAssets(ctxOf(c), query)),
  );
  // Registered before /assets/:id so "export.csv" is not taken for an id.
  api.route(
    {
      method: 'get',
      path: '/assets/export.csv',
      access: 'assets.read',
      tag,
      summary: 'Export assets as CSV in the import’s column layout (same filters as the list)',
      query: AssetsFilter,
      response: { mediaType: 'text/csv', description: CSV_COLUMNS.join(',') },
    },
    async (c, { query }) => c.body(textStream(exportAssetsCsv(ctxOf(c), query)), 200, csvHeaders('assets.csv')),
  );
  api.route(
    {
      method: 'get',
      path: '/assets/:id',
      access: 'assets.read',
      tag,
      summary: 'One asset with its dependencies both ways and its effective C, I and A',
      params: IdParams,
      response: AssetDetailOut,
      errors: [404],
    },
    async (c, { params }) => c.json(await assetDetail(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/assets', access: 'assets.write', tag, summary: 'Add an asset', body: NewAssetInput, response: AssetOut, status: 201, errors: [409] },
    async (c, { body }) => {
      const asset = await createAsset(ctxOf(c), body);
      c.header('Location', `/api/v1/assets/${asset.id}`);
      return c.json(asset, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/assets/:id',
      access: 'assets.write',
      tag,
      summary: 'Change some of an asset’s fields (absent fields stay; null clears); depends_on replaces its dependencies',
      params: IdParams,
      body: AssetPatch,
      response: AssetOut,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await updateAsset(ctxOf(c), params.id, body)),
  );
  api.route(
    {
      method: 'put',
      path: '/assets/:id/dependencies',
      access: 'assets.write',
      tag,
      summary: 'Replace what an asset depends on; a dependency that would close a cycle is refused (400 naming the loop)',
      params: IdParams,
      body: DependenciesInput,
      response: AssetDetailOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await setAssetDependencies(ctxOf(c), params.id, body)),
  );
  api.route(
    {
      method: 'post',
      path: '/assets/import',
      access: 'assets.import',
      tag,
      summary:
        'Import an inventory (text/csv, the export’s columns). Answers with the diff: new assets, changes field by field and row errors. ' +
        'With dry_run=false it applies everything in one transaction, or nothing (400 listing every row error).',
      query: ImportQuery,
      csv: true,
      response: ImportResult,
      status: 200,
    },
    async (c, { query, text }) => c.json(await importAssets(ctxOf(c), text, { dryRun: query.dry_run })),
  );
}
