// Risk register API under /api/v1: risks, their tasks, reviews and acceptance, the heatmap and
// trend, the CSV export, and the matrix (GET/PUT /risk-matrix).
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { Band, LevelLabel, MatrixConfig } from './matrix.js';
import { configureMatrix, getMatrix } from './matrix-service.js';
import { riskHeatmap, riskTrend } from './overview-service.js';
import { acceptRisk, addReview, addTask, listAcceptances, listReviews, listTasks, updateTask, withdrawAcceptance } from './plan-service.js';
import {
  AcceptanceInput,
  AcceptanceList,
  AcceptanceOut,
  HeatmapOut,
  NewReviewInput,
  NewRiskInput,
  NewTaskInput,
  ReviewList,
  ReviewOut,
  RiskDetailOut,
  RiskFilter,
  RiskList,
  RiskPatch,
  RiskQuery,
  TaskList,
  TaskOut,
  TaskPatch,
  TrendOut,
  TrendQuery,
} from './schema.js';
import { createRisk, exportRisksCsv, getRisk, listRisks, updateRisk } from './service.js';

const tag = 'Risks';
const IdParams = z.object({ id: z.string().max(64) });
const TaskParams = z.object({ id: z.string().max(64), task_id: z.string().max(64) });

const MatrixOut = z.object({
  likelihood: z.array(LevelLabel),
  impact: z.array(LevelLabel),
  bands: z.array(Band),
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string().nullable(),
  max_score: z.number().int(),
  highest_acceptable_score: z.number().int().describe('The highest residual score any band lets an owner accept'),
});

export function registerRisksApi(api: ApiRouter): void {
  api.route({ method: 'get', path: '/risks', access: 'risks.read', tag, summary: 'List risks, filtered, sorted and paged', query: RiskQuery, response: RiskList }, async (c, { query }) => {
    const { matrix: _m, ...page } = await listRisks(ctxOf(c), query);
    return c.json(page);
  });
  // Registered before /risks/:id so these words are not taken for ids.
  api.route(
    {
      method: 'get',
      path: '/risks/export.csv',
      access: 'risks.read',
      tag,
      summary: 'Export risks as CSV (same filters as the list)',
      query: RiskFilter,
      response: { mediaType: 'text/csv', description: 'ref,title,owner,status,…,assets,description' },
    },
    async (c, { query }) => c.body(await exportRisksCsv(ctxOf(c), query), 200, csvHeaders('risks.csv')),
  );
  api.route(
    { method: 'get', path: '/risks/heatmap', access: 'risks.read', tag, summary: 'Risks not closed per likelihood × impact cell, inherent and residual', response: HeatmapOut },
    async (c) => {
      const { matrix: _m, ...heat } = await riskHeatmap(ctxOf(c));
      return c.json(heat);
    },
  );
  api.route(
    { method: 'get', path: '/risks/trend', access: 'risks.read', tag, summary: 'The register per day: risks per band of their current score, and per status', query: TrendQuery, response: TrendOut },
    async (c, { query }) => c.json(await riskTrend(ctxOf(c), query.days)),
  );
  api.route({ method: 'get', path: '/risks/:id', access: 'risks.read', tag, summary: 'One risk with its treatment plan', params: IdParams, response: RiskDetailOut, errors: [404] }, async (c, { params }) =>
    c.json(await getRisk(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/risks', access: 'risks.write', tag, summary: 'Add a risk (ref and scores are computed)', body: NewRiskInput, response: RiskDetailOut, status: 201 },
    async (c, { body }) => {
      const risk = await createRisk(ctxOf(c), body);
      c.header('Location', `/api/v1/risks/${risk.id}`);
      return c.json(risk, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/risks/:id',
      access: 'risks.write',
      tag,
      summary: 'Change some of a risk’s fields (absent fields stay; null clears)',
      params: IdParams,
      body: RiskPatch,
      response: RiskDetailOut,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await updateRisk(ctxOf(c), params.id, body)),
  );

  api.route({ method: 'get', path: '/risks/:id/tasks', access: 'risks.read', tag, summary: 'The risk’s treatment plan', params: IdParams, response: TaskList, errors: [404] }, async (c, { params }) =>
    c.json({ items: await listTasks(ctxOf(c), params.id) }),
  );
  api.route(
    { method: 'post', path: '/risks/:id/tasks', access: 'risks.write', tag, summary: 'Add a treatment task', params: IdParams, body: NewTaskInput, response: TaskOut, status: 201, errors: [404, 409] },
    async (c, { params, body }) => c.json(await addTask(ctxOf(c), params.id, body), 201),
  );
  api.route(
    { method: 'patch', path: '/risks/:id/tasks/:task_id', access: 'risks.write', tag, summary: 'Change a treatment task', params: TaskParams, body: TaskPatch, response: TaskOut, errors: [404, 409] },
    async (c, { params, body }) => c.json(await updateTask(ctxOf(c), params.id, params.task_id, body)),
  );

  api.route({ method: 'get', path: '/risks/:id/reviews', access: 'risks.read', tag, summary: 'The risk’s review history, newest first', params: IdParams, response: ReviewList, errors: [404] }, async (c, { params }) =>
    c.json({ items: await listReviews(ctxOf(c), params.id) }),
  );
  api.route(
    { method: 'post', path: '/risks/:id/reviews', access: 'risks.write', tag, summary: 'Record a review (the scores then, a note, the next review date)', params: IdParams, body: NewReviewInput, response: ReviewOut, status: 201, errors: [404, 409] },
    async (c, { params, body }) => c.json(await addReview(ctxOf(c), params.id, body), 201),
  );

  api.route(
    { method: 'get', path: '/risks/:id/acceptances', access: 'risks.read', tag, summary: 'Every acceptance of the risk, newest first', params: IdParams, response: AcceptanceList, errors: [404] },
    async (c, { params }) => c.json({ items: await listAcceptances(ctxOf(c), params.id) }),
  );
  api.route(
    {
      method: 'post',
      path: '/risks/:id/acceptance',
      access: 'risks.accept',
      tag,
      summary: 'Record the owner’s acceptance of the residual risk until expires_on (within the matrix’s criteria)',
      params: IdParams,
      body: AcceptanceInput,
      response: AcceptanceOut,
      status: 201,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await acceptRisk(ctxOf(c), params.id, body), 201),
  );
  api.route(
    { method: 'delete', path: '/risks/:id/acceptance', access: 'risks.accept', tag, summary: 'Withdraw the acceptance in force', params: IdParams, status: 204, errors: [404, 409] },
    async (c, { params }) => {
      await withdrawAcceptance(ctxOf(c), params.id);
      return c.body(null, 204);
    },
  );

  api.route({ method: 'get', path: '/risk-matrix', access: 'risks.read', tag, summary: 'The risk matrix: levels, bands and acceptance criteria', response: MatrixOut }, async (c) => c.json(await getMatrix(ctxOf(c))));
  api.route(
    {
      method: 'put',
      path: '/risk-matrix',
      access: 'risks.configure',
      tag,
      summary: 'Replace the risk matrix; refused (409, naming them) when existing risks would fall outside it',
      body: MatrixConfig,
      response: MatrixOut,
      errors: [409],
    },
    async (c, { body }) => c.json(await configureMatrix(ctxOf(c), body)),
  );
}
