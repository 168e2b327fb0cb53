// Statement of Applicability API under /api/v1/soa: the current SoA, edits to a row, versions with
// approval and diff, and exports of the SoA or any version.
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { exportSoa } from './export/index.js';
import {
  ApproveInput,
  ControlIdParam,
  DiffOut,
  DiffParams,
  EntryPatch,
  ExportQuery,
  PrepareInput,
  SoaFilter,
  SoaOut,
  SoaRowOut,
  VersionDetailOut,
  VersionList,
  VersionOut,
  VersionParam,
  VersionsQuery,
} from './schema.js';
import { approveVersion, currentSoa, diffVersions, getVersion, listVersions, prepareVersion, updateEntry } from './service.js';

const tag = 'Statement of Applicability';

export function registerSoaApi(api: ApiRouter): void {
  api.route(
    {
      method: 'get',
      path: '/soa',
      access: 'soa.read',
      tag,
      summary: 'The current SoA: one row per Annex A control with applicability, justification, computed status and implementing controls',
      query: SoaFilter,
      response: SoaOut,
    },
    async (c, { query }) => c.json(await currentSoa(ctxOf(c), query)),
  );
  api.route(
    {
      method: 'get',
      path: '/soa/export',
      access: 'soa.read',
      tag,
      summary: 'Export the current SoA, or a version with version=N, as XLSX, CSV, PDF or OSCAL JSON (a component definition)',
      query: ExportQuery,
      response: { mediaType: 'application/octet-stream', description: 'XLSX, text/csv, application/pdf or OSCAL JSON, by format' },
      errors: [404],
    },
    async (c, { query }) => {
      const s = c.get('services');
      const out = await exportSoa(ctxOf(c), { format: query.format, version: query.version, organisation: s.orgName, timeZone: s.timeZone });
      return c.body(new Uint8Array(out.body), 200, { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` });
    },
  );
  api.route(
    { method: 'get', path: '/soa/versions', access: 'soa.read', tag, summary: 'Versions of the SoA, newest first, with status and approver', query: VersionsQuery, response: VersionList },
    async (c, { query }) => c.json(await listVersions(ctxOf(c), query, c.get('services').timeZone)),
  );
  api.route(
    {
      method: 'post',
      path: '/soa/versions',
      access: 'soa.write',
      tag,
      summary: 'Prepare the next version: a frozen snapshot of every row, a draft until approved (an earlier draft is superseded)',
      body: PrepareInput,
      response: VersionOut,
      status: 201,
      errors: [409],
    },
    async (c, { body }) => {
      const v = await prepareVersion(ctxOf(c), body, c.get('services').timeZone);
      c.header('Location', `/api/v1/soa/versions/${v.number}`);
      return c.json(v, 201);
    },
  );
  api.route(
    { method: 'get', path: '/soa/versions/:n', access: 'soa.read', tag, summary: 'One version with its frozen rows', params: VersionParam, response: VersionDetailOut, errors: [404] },
    async (c, { params }) => c.json(await getVersion(ctxOf(c), params.n, c.get('services').timeZone)),
  );
  api.route(
    {
      method: 'post',
      path: '/soa/versions/:n/approve',
      access: 'soa.approve',
      tag,
      summary: 'Approve a draft version as the signed-in administrator (name, role and date are recorded; the version is then final)',
      params: VersionParam,
      body: ApproveInput,
      response: VersionOut,
      status: 200,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await approveVersion(ctxOf(c), params.n, body, c.get('services').timeZone)),
  );
  api.route(
    {
      method: 'get',
      path: '/soa/versions/:a/diff/:b',
      access: 'soa.read',
      tag,
      summary: 'What changed from version a to version b (or to the working SoA with b=current)',
      params: DiffParams,
      response: DiffOut,
      errors: [404],
    },
    async (c, { params }) => c.json(await diffVersions(ctxOf(c), params.a, params.b)),
  );
  api.route(
    {
      method: 'patch',
      path: '/soa/:control_id',
      access: 'soa.write',
      tag,
      summary: 'Set an Annex A control’s applicability and/or justification (status and implementing controls are computed)',
      params: ControlIdParam,
      body: EntryPatch,
      response: SoaRowOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await updateEntry(ctxOf(c), params.control_id, body)),
  );
}
