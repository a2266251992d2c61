/**
 * Applications (cases) of the organisation (tag "applications"):
 *
 * - GET    /api/v1/applications       list, cursor-paginated (limit 1–100), filters companyId, state,
 *          authority, overdue=true|false, sort createdAt|updatedAt, order desc|asc; each item carries its
 *          clock summary as of today (the step the authority owes next). One query; the clocks are computed
 *          from columns of the row, and memoised per (id, updatedAt, day).
 * - POST   /api/v1/applications       create a draft (writers): company of the organisation, licence codes of
 *          the catalogue ("B25:internet"), procedure, authority of kb/ — when left out, the one the engine
 *          assesses from the company's profile (null without a profile) — checklist progress
 * - GET    /api/v1/applications/:id   one application with its events and full clocks (?asOf=YYYY-MM-DD
 *          replays the clocks as of another day; default today in China)
 * - PATCH  /api/v1/applications/:id   company, licence codes, procedure, authority (drafts only: 409 NOT_DRAFT);
 *          checklist progress (merged; null removes an item) and the authority's reference (any state)
 * - DELETE /api/v1/applications/:id   drafts only (409 NOT_DRAFT; withdraw a lodged one instead)
 *
 * Transitions and other events: application-events.ts. Readers: every role, a client only the applications
 * of companies linked to it; writers: owner, admin, consultant (403 FORBIDDEN otherwise). Another
 * organisation's id is a 404 on every route.
 */
import {
  type ApplicationPatch,
  applicationStates,
  applicationsByIds,
  createApplication,
  deleteApplication,
  getApplication,
  listApplicationVersions,
  mustWrite,
  procedures,
  updateApplication,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { detailSchema, listItemSchema, presentListItem } from '../presenters/applications.ts';
import {
  dateOnly,
  idParams,
  langQuery,
  notFound,
  pageOf,
  pageQuery,
  type ResourceRoutesOptions,
  text,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { applicationEventRoutes } from './application-events.ts';
import {
  authorityInput,
  checkKbInputs,
  checklistInput,
  checklistPatch,
  detailOf,
  licenceCodeInput,
} from './application-kit.ts';

const licenceCodes = z.array(licenceCodeInput).min(1).max(20);

const createBody = z.strictObject({
  companyId: z.string().min(1).max(100),
  licenceCodes,
  procedure: z.enum(procedures),
  authority: authorityInput
    .nullable()
    .optional()
    .describe("left out: assessed from the company's profile; null: not decided yet"),
  checklist: checklistInput.optional(),
  authorityReference: text(200).optional(),
});

const patchBody = z
  .strictObject({
    companyId: z.string().min(1).max(100).optional(),
    licenceCodes: licenceCodes.optional(),
    procedure: z.enum(procedures).optional(),
    authority: authorityInput.nullable().optional(),
    checklist: checklistPatch.optional(),
    authorityReference: text(200).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });

const listQuery = pageQuery.extend({
  sort: z.enum(['createdAt', 'updatedAt']).default('createdAt'),
  order: z.enum(['desc', 'asc']).default('desc'),
  companyId: z.string().min(1).max(100).optional(),
  state: z.enum(applicationStates).optional(),
  authority: authorityInput.optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: the authority is past a statutory limit as of today; false: it is not'),
});

const detailQuery = langQuery.extend({
  asOf: dateOnly.optional().describe('read the clocks as of this day (default today in China)'),
});

const listPageSchema = pageOf(listItemSchema);
type ListPage = z.infer<typeof listPageSchema>;

/** list items kept as JSON text at most (about 1 KB each) */
const ITEM_CACHE_SIZE = 20_000;

export const applicationRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  /**
   * list items as JSON text by (id, updatedAt, day): an item is a function of the application's version
   * (updated_at grows with every change, see nextUpdatedAt), the day (its clock) and this plugin's kb
   */
  const itemJson = new Map<string, string>();
  const itemKey = (v: { id: string; updatedAt: string }, day: string) => `${v.id}|${v.updatedAt}|${day}`;
  const preValidation = requireSession(db);

  app.get(
    '/api/v1/applications',
    {
      preValidation,
      schema: {
        operationId: 'listApplications',
        tags: ['applications'],
        summary:
          'The applications of the organisation (a client: of its linked companies), a page at a time, with their clocks',
        querystring: listQuery,
        response: { 200: listPageSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const q = req.query;
      const day = clock.today();
      const { versions, nextCursor } = await listApplicationVersions(db, scope, {
        limit: q.limit,
        sort: q.sort,
        order: q.order,
        today: day,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.companyId ? { companyId: q.companyId } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.authority ? { authority: q.authority } : {}),
        ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
      });
      // items as JSON text, kept by version and day: only applications not seen in this version are read
      const items: (string | undefined)[] = versions.map((v) => itemJson.get(itemKey(v, day)));
      const missing = versions.filter((_v, i) => items[i] === undefined);
      if (missing.length) {
        const fetched = new Map<string, string>();
        for (const a of await applicationsByIds(
          db,
          scope,
          missing.map((v) => v.id),
        )) {
          // encoded by the item's schema, as any response is: a field it does not list is not sent
          const json = JSON.stringify(z.encode(listItemSchema, presentListItem(kb, a, day)));
          // a version changed since the page was read is shown as it is now
          fetched.set(a.id, json);
          if (itemJson.size >= ITEM_CACHE_SIZE) itemJson.clear();
          itemJson.set(itemKey(a, day), json);
        }
        versions.forEach((v, i) => {
          items[i] ??= fetched.get(v.id); // still undefined: deleted meanwhile
        });
      }
      // the page is JSON text already (a string is sent as it is; the tests check it against the schema)
      const page = `{"items":[${items.filter((j) => j !== undefined).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
      return reply.type('application/json; charset=utf-8').send(page as unknown as ListPage);
    },
  );

  app.post(
    '/api/v1/applications',
    {
      preValidation,
      config: { location: '/api/v1/applications/{id}' },
      schema: {
        operationId: 'createApplication',
        problems: [
          'COMPANY_UNKNOWN',
          'INVALID_LICENCE_CODE',
          'UNKNOWN_AUTHORITY',
          'UNKNOWN_CHECKLIST_ITEM',
          'UNKNOWN_DOCUMENT',
          'DOCUMENT_OF_OTHER_COMPANY',
        ],
        tags: ['applications'],
        summary: 'Create a draft application (owner, admin, consultant)',
        querystring: langQuery,
        body: createBody,
        response: { 201: detailSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      mustWrite(scope, { zh: '申请', en: 'applications' });
      checkKbInputs(kb, b);
      const day = clock.today();
      const created = await createApplication(db, kb, scope, {
        companyId: b.companyId,
        licenceCodes: b.licenceCodes,
        procedure: b.procedure,
        ...(b.authority !== undefined ? { authority: b.authority } : {}),
        today: day,
        ...(b.checklist ? { checklist: b.checklist } : {}),
        ...(b.authorityReference ? { authorityReference: b.authorityReference } : {}),
      });
      return reply.status(201).send(await detailOf(db, kb, scope, created, day));
    },
  );

  app.get(
    '/api/v1/applications/:id',
    {
      preValidation,
      schema: {
        operationId: 'getApplication',
        tags: ['applications'],
        summary: 'One application, with its events and statutory clocks',
        params: idParams,
        querystring: detailQuery,
        response: { 200: detailSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const found = await getApplication(db, scope, req.params.id);
      if (!found) throw notFound('application', req.params.id);
      return detailOf(db, kb, scope, found, req.query.asOf ?? clock.today());
    },
  );

  app.patch(
    '/api/v1/applications/:id',
    {
      preValidation,
      schema: {
        operationId: 'updateApplication',
        problems: [
          'NOT_DRAFT',
          'COMPANY_UNKNOWN',
          'INVALID_LICENCE_CODE',
          'UNKNOWN_AUTHORITY',
          'UNKNOWN_CHECKLIST_ITEM',
          'UNKNOWN_DOCUMENT',
          'DOCUMENT_OF_OTHER_COMPANY',
        ],
        tags: ['applications'],
        summary:
          'Change a draft (company, licence codes, procedure, authority) or any application’s checklist progress and reference (owner, admin, consultant)',
        params: idParams,
        querystring: langQuery,
        body: patchBody,
        response: { 200: detailSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const b = req.body;
      mustWrite(scope, { zh: '申请', en: 'applications' });
      checkKbInputs(kb, b);
      const patch: ApplicationPatch = {};
      if (b.companyId !== undefined) patch.companyId = b.companyId;
      if (b.licenceCodes !== undefined) patch.licenceCodes = b.licenceCodes;
      if (b.procedure !== undefined) patch.procedure = b.procedure;
      if (b.authority !== undefined) patch.authority = b.authority;
      if (b.checklist !== undefined) patch.checklist = b.checklist;
      if (b.authorityReference !== undefined) patch.authorityReference = b.authorityReference;
      const updated = await updateApplication(db, kb, scope, req.params.id, patch);
      if (!updated) throw notFound('application', req.params.id);
      return detailOf(db, kb, scope, updated, clock.today());
    },
  );

  app.delete(
    '/api/v1/applications/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteApplication',
        problems: ['NOT_DRAFT', 'APPLICATION_IN_USE'],
        tags: ['applications'],
        summary: 'Delete a draft application (owner, admin, consultant); a lodged one is withdrawn instead',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('deleted') },
      },
    },
    async (req, reply) => {
      const deleted = await deleteApplication(db, scopeOf(req), req.params.id);
      if (!deleted) throw notFound('application', req.params.id);
      return reply.status(204).send(null);
    },
  );

  await app.register(applicationEventRoutes, o);
};
