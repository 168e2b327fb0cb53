// People directory API under /api/v1/people: list, export, read, create, update and CSV import.
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { ImportQuery, ImportResult, NewPersonInput, PeopleFilter, PeopleList, PeopleQuery, PersonOut, PersonPatch } from './schema.js';
import { createPerson, exportPeopleCsv, getPerson, importPeople, listPeople, updatePerson } from './service.js';

const tag = 'People';
const IdParams = z.object({ id: z.string().max(64) });

export function registerPeopleApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/people', access: 'people.read', tag, summary: 'List people, filtered, sorted and paged', query: PeopleQuery, response: PeopleList },
    async (c, { query }) => c.json(await listPeople(ctxOf(c), query)),
  );
  // Registered before /people/:id so "export.csv" is not taken for an id.
  api.route(
    {
      method: 'get',
      path: '/people/export.csv',
      access: 'people.read',
      tag,
      summary: 'Export people as CSV in the import’s column layout (same filters as the list)',
      query: PeopleFilter,
      response: { mediaType: 'text/csv', description: 'name,email,title,department,manager_email,status,start_date,end_date' },
    },
    async (c, { query }) => c.body(await exportPeopleCsv(ctxOf(c), query), 200, csvHeaders('people.csv')),
  );
  api.route(
    { method: 'get', path: '/people/:id', access: 'people.read', tag, summary: 'One person', params: IdParams, response: PersonOut, errors: [404] },
    async (c, { params }) => c.json(await getPerson(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'post', path: '/people', access: 'people.write', tag, summary: 'Add a person', body: NewPersonInput, response: PersonOut, status: 201, errors: [409] },
    async (c, { body }) => {
      const person = await createPerson(ctxOf(c), body);
      c.header('Location', `/api/v1/people/${person.id}`);
      return c.json(person, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/people/:id',
      access: 'people.write',
      tag,
      summary: 'Change some of a person’s fields (absent fields stay; null clears)',
      params: IdParams,
      body: PersonPatch,
      response: PersonOut,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await updatePerson(ctxOf(c), params.id, body)),
  );
  api.route(
    {
      method: 'post',
      path: '/people/import',
      access: 'people.import',
      tag,
      summary:
        'Import the HR export (text/csv). Answers with the diff: joins, changes (field by field), leaves and row errors. ' +
        'With dry_run=false it applies everything in one transaction, or nothing (400 listing every row error).',
      query: ImportQuery,
      csv: true,
      response: ImportResult,
      status: 200,
    },
    async (c, { query, text }) => c.json(await importPeople(ctxOf(c), text, { dryRun: query.dry_run, missing: query.missing })),
  );
}
