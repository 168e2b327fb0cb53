// Scope, context and objectives API under /api/v1: the scope statement, issues, parties, objectives, CSV exports.
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { ContextFilter, ContextIssueOut, ContextIssuePatch, ContextList, ContextQuery, NewContextIssue } from './context-schema.js';
import * as context from './context-service.js';
import { MeasurementInput, NewObjective, ObjectiveDetailOut, ObjectiveFilter, ObjectiveList, ObjectivePatch, ObjectiveQuery } from './objectives-schema.js';
import * as objectives from './objectives-service.js';
import { NewParty, PartyFilter, PartyList, PartyOut, PartyPatch, PartyQuery } from './parties-schema.js';
import * as parties from './parties-service.js';
import { ScopeInput, ScopeOut } from './schema.js';
import { getScope, saveScope } from './service.js';

const tag = 'Scope and objectives';
const IdParams = z.object({ id: z.string().max(64) });

function registerScopeStatement(api: ApiRouter): void {
  api.route({ method: 'get', path: '/scope', access: 'scope.read', tag, summary: 'The ISMS scope statement (version 0 until first saved), with its review clock', response: ScopeOut }, async (c) =>
    c.json(await getScope(ctxOf(c))),
  );
  api.route(
    {
      method: 'put',
      path: '/scope',
      access: 'scope.write',
      tag,
      summary: 'Replace the scope statement as a whole; with expected_version, a newer version on the server answers 409',
      body: ScopeInput,
      response: ScopeOut,
      status: 200,
      errors: [409],
    },
    async (c, { body }) => c.json(await saveScope(ctxOf(c), body)),
  );
}

function registerContext(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/context-issues', access: 'scope.read', tag, summary: 'List internal and external issues, filtered, sorted and paged', query: ContextQuery, response: ContextList },
    async (c, { query }) => c.json(await context.listContextIssues(ctxOf(c), query)),
  );
  // Registered before /:id so "export.csv" is not taken for an id.
  api.route(
    {
      method: 'get',
      path: '/context-issues/export.csv',
      access: 'scope.read',
      tag,
      summary: 'Export issues as CSV (same filters as the list)',
      query: ContextFilter,
      response: { mediaType: 'text/csv', description: 'ref,kind,category,title,description,effect,risks,updated_at' },
    },
    async (c, { query }) => c.body(await context.exportContextCsv(ctxOf(c), query), 200, csvHeaders('context-issues.csv')),
  );
  api.route(
    { method: 'get', path: '/context-issues/:id', access: 'scope.read', tag, summary: 'One issue with its linked risks', params: IdParams, response: ContextIssueOut, errors: [404] },
    async (c, { params }) => c.json(await context.getContextIssue(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/context-issues', access: 'scope.write', tag, summary: 'Add an internal or external issue', body: NewContextIssue, response: ContextIssueOut, status: 201 },
    async (c, { body }) => {
      const issue = await context.createContextIssue(ctxOf(c), body);
      c.header('Location', `/api/v1/context-issues/${issue.id}`);
      return c.json(issue, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/context-issues/:id',
      access: 'scope.write',
      tag,
      summary: 'Change some of an issue’s fields (absent fields stay; risk_ids replaces the links)',
      params: IdParams,
      body: ContextIssuePatch,
      response: ContextIssueOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await context.updateContextIssue(ctxOf(c), params.id, body)),
  );
  api.route(
    { method: 'delete', path: '/context-issues/:id', access: 'scope.write', tag, summary: 'Delete an issue (the audit trail keeps what it held)', params: IdParams, status: 204, errors: [404] },
    async (c, { params }) => {
      await context.deleteContextIssue(ctxOf(c), params.id);
      return c.body(null, 204);
    },
  );
}

function registerParties(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/interested-parties', access: 'scope.read', tag, summary: 'List interested parties with their requirements, filtered, sorted and paged', query: PartyQuery, response: PartyList },
    async (c, { query }) => c.json(await parties.listParties(ctxOf(c), query)),
  );
  api.route(
    {
      method: 'get',
      path: '/interested-parties/export.csv',
      access: 'scope.read',
      tag,
      summary: 'Export interested parties as CSV, one line per requirement (same filters as the list)',
      query: PartyFilter,
      response: { mediaType: 'text/csv', description: 'ref,party,category,description,requirement,how_addressed,through_isms' },
    },
    async (c, { query }) => c.body(await parties.exportPartiesCsv(ctxOf(c), query), 200, csvHeaders('interested-parties.csv')),
  );
  api.route(
    { method: 'get', path: '/interested-parties/:id', access: 'scope.read', tag, summary: 'One interested party with its requirements', params: IdParams, response: PartyOut, errors: [404] },
    async (c, { params }) => c.json(await parties.getParty(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/interested-parties', access: 'scope.write', tag, summary: 'Add an interested party and its requirements', body: NewParty, response: PartyOut, status: 201, errors: [409] },
    async (c, { body }) => {
      const party = await parties.createParty(ctxOf(c), body);
      c.header('Location', `/api/v1/interested-parties/${party.id}`);
      return c.json(party, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/interested-parties/:id',
      access: 'scope.write',
      tag,
      summary: 'Change some of a party’s fields (absent fields stay; requirements replaces the list)',
      params: IdParams,
      body: PartyPatch,
      response: PartyOut,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await parties.updateParty(ctxOf(c), params.id, body)),
  );
  api.route(
    { method: 'delete', path: '/interested-parties/:id', access: 'scope.write', tag, summary: 'Delete an interested party (the audit trail keeps what it held)', params: IdParams, status: 204, errors: [404] },
    async (c, { params }) => {
      await parties.deleteParty(ctxOf(c), params.id);
      return c.body(null, 204);
    },
  );
}

function registerObjectives(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/objectives', access: 'scope.read', tag, summary: 'List objectives with their computed status, filtered, sorted and paged', query: ObjectiveQuery, response: ObjectiveList },
    async (c, { query }) => c.json(await objectives.listObjectives(ctxOf(c), query)),
  );
  api.route(
    {
      method: 'get',
      path: '/objectives/export.csv',
      access: 'scope.read',
      tag,
      summary: 'Export objectives as CSV with their status and its basis (same filters as the list)',
      query: ObjectiveFilter,
      response: { mediaType: 'text/csv', description: 'ref,title,metric,unit,direction,target,current_value,measured_on,due_date,owner,status,status_basis' },
    },
    async (c, { query }) => c.body(await objectives.exportObjectivesCsv(ctxOf(c), query), 200, csvHeaders('objectives.csv')),
  );
  api.route(
    { method: 'get', path: '/objectives/:id', access: 'scope.read', tag, summary: 'One objective with its status, its basis and every measurement', params: IdParams, response: ObjectiveDetailOut, errors: [404] },
    async (c, { params }) => c.json(await objectives.getObjective(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/objectives', access: 'scope.write', tag, summary: 'Add a measurable objective (current_value records a first measurement)', body: NewObjective, response: ObjectiveDetailOut, status: 201 },
    async (c, { body }) => {
      const o = await objectives.createObjective(ctxOf(c), body);
      c.header('Location', `/api/v1/objectives/${o.id}`);
      return c.json(o, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/objectives/:id',
      access: 'scope.write',
      tag,
      summary: 'Change some of an objective’s fields (values change only through measurements)',
      params: IdParams,
      body: ObjectivePatch,
      response: ObjectiveDetailOut,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await objectives.updateObjective(ctxOf(c), params.id, body)),
  );
  api.route(
    {
      method: 'post',
      path: '/objectives/:id/measurements',
      access: 'scope.write',
      tag,
      summary: 'Record a measurement (dated today unless measured_on says otherwise); the latest by date becomes the current value',
      params: IdParams,
      body: MeasurementInput,
      response: ObjectiveDetailOut,
      status: 201,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await objectives.recordMeasurement(ctxOf(c), params.id, body), 201),
  );
}

export function registerScopeApi(api: ApiRouter): void {
  registerScopeStatement(api);
  registerContext(api);
  registerParties(api);
  registerObjectives(api);
}
