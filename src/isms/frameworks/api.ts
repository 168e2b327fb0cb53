// Frameworks API under /api/v1/frameworks: catalogues, requirements, licensed text, CSV, OSCAL import and export.
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { OscalImportBody } from './oscal-schema.js';
import { exportOscal, importOscal } from './oscal-service.js';
import {
  FrameworkDetailOut,
  FrameworkList,
  FrameworkParams,
  ImportQuery,
  ImportResult,
  LicensedTextInput,
  RequirementDetailOut,
  RequirementFilter,
  RequirementList,
  RequirementParams,
  RequirementQuery,
} from './schema.js';
import { exportRequirementsCsv, getFramework, getRequirement, listFrameworks, listRequirements, setLicensedText } from './service.js';

const tag = 'Frameworks';

/** A download name that stays a plain file name whatever the framework id holds. */
export const downloadName = (id: string, suffix: string) => `${id.replace(/[^a-z0-9.-]/g, '_')}${suffix}`;

export function registerFrameworksApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/frameworks', access: 'frameworks.read', tag, summary: 'List framework catalogues with requirement counts', response: FrameworkList },
    async (c) => c.json({ items: await listFrameworks(ctxOf(c)) }),
  );
  // Registered before /frameworks/:id so "import" is not taken for an id.
  api.route(
    {
      method: 'post',
      path: '/frameworks/import',
      access: 'frameworks.manage',
      tag,
      summary:
        'Import an OSCAL 1.1.x catalog (application/json) as a framework of origin oscal. Answers with what is added, changed and removed; ' +
        'with dry_run=false it applies everything in one transaction, or nothing (400 naming each JSON path, 409 for a bundled framework’s id)',
      query: ImportQuery,
      body: OscalImportBody,
      response: ImportResult,
      status: 200,
      errors: [409],
    },
    async (c, { query, body }) => c.json(await importOscal(ctxOf(c), body, { dryRun: query.dry_run, id: query.id })),
  );
  api.route(
    { method: 'get', path: '/frameworks/:id', access: 'frameworks.read', tag, summary: 'One framework with its groups and coverage by controls', params: FrameworkParams, response: FrameworkDetailOut, errors: [404] },
    async (c, { params }) => c.json(await getFramework(ctxOf(c), params.id)),
  );
  api.route(
    {
      method: 'get',
      path: '/frameworks/:id/oscal',
      access: 'frameworks.read',
      tag,
      summary: 'The framework as an OSCAL 1.1.3 catalog (licensed text is never included)',
      params: FrameworkParams,
      response: { mediaType: 'application/json', description: 'An OSCAL catalog document' },
      errors: [404],
    },
    async (c, { params }) => {
      const doc = await exportOscal(ctxOf(c), params.id);
      c.header('Content-Disposition', `attachment; filename="${downloadName(params.id, '.oscal.json')}"`);
      return c.json(doc);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/frameworks/:id/requirements',
      access: 'frameworks.read',
      tag,
      summary: 'A framework’s requirements, filtered, sorted and paged',
      params: FrameworkParams,
      query: RequirementQuery,
      response: RequirementList,
      errors: [404],
    },
    async (c, { params, query }) => c.json(await listRequirements(ctxOf(c), params.id, query)),
  );
  api.route(
    {
      method: 'get',
      path: '/frameworks/:id/requirements.csv',
      access: 'frameworks.read',
      tag,
      summary: 'A framework’s requirements as CSV (same filters as the list; licensed text is never included)',
      params: FrameworkParams,
      query: RequirementFilter,
      response: { mediaType: 'text/csv', description: 'framework,ref,title,kind,group,group_title,parent,paraphrase,attributes,status,controls' },
      errors: [404],
    },
    async (c, { params, query }) => c.body(await exportRequirementsCsv(ctxOf(c), params.id, query), 200, csvHeaders(downloadName(params.id, '-requirements.csv'))),
  );
  api.route(
    {
      method: 'get',
      path: '/frameworks/:id/requirements/:ref',
      access: 'frameworks.read',
      tag,
      summary: 'One requirement with the licensed text the organisation keeps for it',
      params: RequirementParams,
      response: RequirementDetailOut,
      errors: [404],
    },
    async (c, { params }) => c.json(await getRequirement(ctxOf(c), params.id, params.ref)),
  );
  api.route(
    {
      method: 'put',
      path: '/frameworks/:id/requirements/:ref/licensed-text',
      access: 'frameworks.manage',
      tag,
      summary: 'Keep (or with null remove) the text from the organisation’s own licensed copy of the standard; at most 20,000 characters, audited by digest',
      params: RequirementParams,
      body: LicensedTextInput,
      response: RequirementDetailOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await setLicensedText(ctxOf(c), params.id, params.ref, body)),
  );
}
