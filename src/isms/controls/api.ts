// Controls API under /api/v1/controls: list, export, read, create, update, link sets and reviews.
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { AssetLinksBody, ControlDetailOut, ControlPatch, ControlsFilter, ControlsList, ControlsQuery, NewControlInput, NewReviewInput, RequirementLinksBody, RiskLinksBody } from './schema.js';
import { controlDetail, createControl, exportControlsCsv, listControls, recordReview, setControlLinks, updateControl } from './service.js';

const tag = 'Controls';
const IdParams = z.object({ id: z.string().max(64) });

export function registerControlsApi(api: ApiRouter): void {
  api.route(
    {
      method: 'get',
      path: '/controls',
      access: 'controls.read',
      tag,
      summary: 'List controls, filtered, sorted and paged; each with its review clock, link counts and effectiveness',
      query: ControlsQuery,
      response: ControlsList,
    },
    async (c, { query }) => c.json(await listControls(ctxOf(c), query)),
  );
  // Registered before /controls/:id so "export.csv" is not taken for an id.
  api.route(
    {
      method: 'get',
      path: '/controls/export.csv',
      access: 'controls.read',
      tag,
      summary: 'Export controls as CSV (same filters as the list)',
      query: ControlsFilter,
      response: { mediaType: 'text/csv', description: 'ref,title,level,status,owner,review_interval_days,last_reviewed,next_review,review_state,effectiveness,requirement_keys,risk_refs,asset_refs,description' },
    },
    async (c, { query }) => c.body(await exportControlsCsv(ctxOf(c), query), 200, csvHeaders('controls.csv')),
  );
  api.route(
    { method: 'get', path: '/controls/:id', access: 'controls.read', tag, summary: 'One control with its requirements, risks, assets and reviews', params: IdParams, response: ControlDetailOut, errors: [404] },
    async (c, { params }) => c.json(await controlDetail(ctxOf(c), params.id)),
  );
  api.route(
    {
      method: 'post',
      path: '/controls',
      access: 'controls.write',
      tag,
      summary: 'Add a control (its reference CTL-nnn is assigned); links are optional and checked like the PUT routes',
      body: NewControlInput,
      response: ControlDetailOut,
      status: 201,
    },
    async (c, { body }) => {
      const control = await createControl(ctxOf(c), body);
      c.header('Location', `/api/v1/controls/${control.id}`);
      return c.json(control, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/controls/:id',
      access: 'controls.write',
      tag,
      summary: 'Change some of a control’s facts (absent fields stay; null clears); a new interval moves the next review',
      params: IdParams,
      body: ControlPatch,
      response: ControlDetailOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await updateControl(ctxOf(c), params.id, body)),
  );
  const links = [
    ['requirements', RequirementLinksBody, 'requirements by key (`iso27001-2022:A.8.13`, `dora:Art.12`, `pci-dss-4.0.1:9.4`)'],
    ['risks', RiskLinksBody, 'risks by id'],
    ['assets', AssetLinksBody, 'assets by id'],
  ] as const;
  for (const [kind, body, what] of links) {
    api.route(
      {
        method: 'put',
        path: `/controls/:id/${kind}`,
        access: 'controls.write',
        tag,
        summary: `Replace the control’s links to ${what}: all or nothing; a 400 names every unknown one`,
        params: IdParams,
        body,
        response: ControlDetailOut,
        errors: [404],
      },
      async (c, { params, body: b }) => c.json(await setControlLinks(ctxOf(c), params.id, b)),
    );
  }
  api.route(
    {
      method: 'post',
      path: '/controls/:id/reviews',
      access: 'controls.write',
      tag,
      summary: 'Record a review (who, which day, a note); the next review moves to that day plus the interval',
      params: IdParams,
      body: NewReviewInput,
      response: ControlDetailOut,
      status: 201,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await recordReview(ctxOf(c), params.id, body), 201),
  );
}
