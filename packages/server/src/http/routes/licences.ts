/**
 * Licences of the organisation the request acts in (see ../scope.ts), and — registered from here — the
 * import and export of companies and licences (./import-export.ts):
 *
 * - GET    /api/v1/licences       list, cursor-paginated; filters companyId, status, authority, expiringBefore, standing,
 *                                 q (number or company name), code (catalogue code);
 *                                 sort expiresOn | number | createdAt
 * - POST   /api/v1/licences       create (owner, admin, consultant): from an approved application
 *                                 ({ applicationId, number, issuedOn, … }) or a direct record ({ companyId, … })
 * - GET    /api/v1/licences/:id   one licence
 * - PATCH  /api/v1/licences/:id   change some fields (owner, admin, consultant); the result is re-checked
 * - DELETE /api/v1/licences/:id   delete (owner, admin, consultant); 409 LICENCE_IN_USE while referenced
 *
 * Every licence carries, computed as of today in China, `daysToExpiry`, `renewalDueFrom` (expiry less the
 * kb parameter renewal-lead-days) and `standing` (engine licenceDates). Checks against the kb are in ../../store/licence-rules.ts (400
 * INVALID_LICENCE, one entry per problem in `errors`); tenancy in ../../store/licences.ts.
 */

import { renewalLeadDays } from '@icpdesk/engine';
import {
  createLicence,
  createLicenceFromApplication,
  deleteLicence,
  getLicence,
  type LicencePatch,
  licenceStatuses,
  listLicences,
  updateLicence,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { licenceSchema, presentLicence } from '../presenters/licences.ts';
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
import { importExportRoutes } from './import-export.ts';

const status = z.enum(licenceStatuses);
const codes = z
  .array(z.string().trim().min(1).max(40))
  .min(1)
  .max(30)
  .describe(
    'catalogue codes of kb/catalogue.yaml, with the scope where the category has scopes: B25:internet',
  );
const coverage = z
  .array(z.string().trim().min(1).max(10))
  .min(1)
  .max(40)
  .describe('province codes of kb/authorities.yaml (CN-GD), or ["CN"] for nationwide');
const number = text(64).describe('经营许可证编号, checked against the kb parameter licence-number-pattern');
const authority = z.string().trim().min(1).max(16).describe('MIIT or a provincial administration: CN-GD');

const fromApplicationBody = z
  .strictObject({
    applicationId: z.string().min(1).max(100).describe('an approved application without a licence'),
    number,
    issuedOn: dateOnly,
    expiresOn: dateOnly
      .optional()
      .describe('default: issuedOn plus the kb licence-validity-years, less a day'),
    coverage: coverage.optional().describe('default: the authority’s province; required for MIIT'),
    status: status.optional().describe('default active'),
  })
  .describe('the licence issued on an approved application: company, codes and authority come from it');

const directBody = z
  .strictObject({
    companyId: z.string().min(1).max(100),
    number,
    codes,
    coverage,
    authority,
    issuedOn: dateOnly,
    expiresOn: dateOnly
      .optional()
      .describe('default: issuedOn plus the kb licence-validity-years, less a day'),
    status: status.default('active'),
  })
  .describe('a licence held already, entered directly');

const patchBody = z
  .strictObject({
    number: number.optional(),
    codes: codes.optional(),
    coverage: coverage.optional(),
    authority: authority.optional(),
    issuedOn: dateOnly.optional(),
    expiresOn: dateOnly.optional(),
    status: status.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });

const listQuery = pageQuery.extend({
  sort: z.enum(['expiresOn', 'number', 'createdAt']).default('expiresOn'),
  companyId: z.string().min(1).max(100).optional(),
  status: status.optional(),
  authority: z.string().trim().min(1).max(16).optional(),
  expiringBefore: dateOnly.optional().describe('only licences that expire strictly before this date'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('part of the licence number or of the company name'),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, 'a catalogue code such as B25')
    .optional()
    .describe(
      'only licences that hold this catalogue code, with or without a scope (B25 matches B25:internet)',
    ),
  standing: z
    .enum(['in-force', 'renewal-due', 'expired', 'suspended', 'revoked', 'cancelled'])
    .optional()
    .describe(
      'only licences that stand so today (renewal-due: active and expiring within the kb renewal lead)',
    ),
});

export const licenceRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  const ctx = () => ({ kb, today: clock.today() });
  const present = presentLicence(kb);

  app.get(
    '/api/v1/licences',
    {
      preValidation,
      schema: {
        operationId: 'listLicences',
        tags: ['licences'],
        summary:
          'The licences of the organisation (a client: of the companies linked to it), a page at a time',
        querystring: listQuery,
        response: { 200: pageOf(licenceSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      const day = clock.today();
      const page = await listLicences(db, scopeOf(req), {
        limit: q.limit,
        sort: q.sort,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.companyId ? { companyId: q.companyId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.authority ? { authority: q.authority.toUpperCase() } : {}),
        ...(q.expiringBefore ? { expiringBefore: q.expiringBefore } : {}),
        ...(q.q ? { q: q.q } : {}),
        ...(q.code ? { code: q.code.toUpperCase() } : {}),
        ...(q.standing
          ? { standing: { is: q.standing, today: day, renewalLeadDays: renewalLeadDays(kb, day) } }
          : {}),
      });
      return { items: page.items.map((l) => present(l, day)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/v1/licences',
    {
      preValidation,
      config: { location: '/api/v1/licences/{id}' },
      schema: {
        operationId: 'createLicence',
        problems: [
          'INVALID_LICENCE',
          'LICENCE_NUMBER_TAKEN',
          'APPLICATION_NOT_APPROVED',
          'APPLICATION_HAS_LICENCE',
          'COMPANY_UNKNOWN',
          'NOT_FOUND',
        ],
        tags: ['licences'],
        summary:
          'Create a licence (owner, admin, consultant): from an approved application, or a licence held already',
        querystring: langQuery,
        body: z.union([fromApplicationBody, directBody]),
        response: { 201: licenceSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      const c = ctx();
      const licence = await ('applicationId' in b
        ? createLicenceFromApplication(db, scope, c, {
            applicationId: b.applicationId,
            number: b.number,
            issuedOn: b.issuedOn,
            expiresOn: b.expiresOn,
            coverage: b.coverage,
            status: b.status,
          })
        : createLicence(db, scope, c, { ...b, expiresOn: b.expiresOn ?? null }));
      return reply.status(201).send(present(licence, c.today));
    },
  );

  app.get(
    '/api/v1/licences/:id',
    {
      preValidation,
      schema: {
        operationId: 'getLicence',
        tags: ['licences'],
        summary: 'One licence',
        params: idParams,
        querystring: langQuery,
        response: { 200: licenceSchema },
      },
    },
    async (req) => {
      const licence = await getLicence(db, scopeOf(req), req.params.id);
      if (!licence) throw notFound('licence', req.params.id);
      return present(licence, clock.today());
    },
  );

  app.patch(
    '/api/v1/licences/:id',
    {
      preValidation,
      schema: {
        operationId: 'updateLicence',
        problems: ['INVALID_LICENCE', 'LICENCE_NUMBER_TAKEN'],
        tags: ['licences'],
        summary: 'Change some fields of a licence (owner, admin, consultant); the result is re-checked',
        params: idParams,
        querystring: langQuery,
        body: patchBody,
        response: { 200: licenceSchema },
      },
    },
    async (req) => {
      const c = ctx();
      const patch: LicencePatch = {};
      for (const [k, v] of Object.entries(req.body)) if (v !== undefined) Object.assign(patch, { [k]: v });
      const licence = await updateLicence(db, scopeOf(req), c, req.params.id, patch);
      if (!licence) throw notFound('licence', req.params.id);
      return present(licence, c.today);
    },
  );

  app.delete(
    '/api/v1/licences/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteLicence',
        problems: ['LICENCE_IN_USE'],
        tags: ['licences'],
        summary: 'Delete a licence (owner, admin, consultant); 409 while other records refer to it',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('deleted') },
      },
    },
    async (req, reply) => {
      const deleted = await deleteLicence(db, scopeOf(req), req.params.id);
      if (!deleted) throw notFound('licence', req.params.id);
      return reply.status(204).send(null);
    },
  );

  await app.register(importExportRoutes, o);
};
