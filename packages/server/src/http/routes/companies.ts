/**
 * Companies of the organisation the request acts in (see ../scope.ts):
 *
 * - GET    /api/v1/companies       list, cursor-paginated (limit 1–100, opaque cursor, sort, q on the name,
 *                                  ids: only these companies)
 * - POST   /api/v1/companies       create (owner, admin, consultant)
 * - GET    /api/v1/companies/:id   one company
 * - PATCH  /api/v1/companies/:id   change some fields (owner, admin, consultant), including the shareholder
 *                                  tree, contact people, headcount and business premises
 * - DELETE /api/v1/companies/:id   delete (owner, admin, consultant); 409 while it has applications etc.
 * - GET    /api/v1/companies/:id/shareholding   the foreign share computed through the shareholder tree
 *                                  (engine foreignShare), beside the one the profile declares, and whether
 *                                  they agree
 *
 * Tenancy is enforced by the store (../../store/companies.ts): another organisation's id is a 404, and a
 * client sees only the companies linked to it. Viewers and clients get 403 on writes. USCCs are checked with
 * the engine's validateUscc (400 INVALID_USCC) and stored normalised; a second company with the same USCC
 * in one organisation is 409 USCC_TAKEN. Profiles are checked with the engine's parseProfile (400
 * INVALID_PROFILE). Shareholder trees and contacts are checked by the engine too (../company-input.ts: 400
 * INVALID_SHAREHOLDERS, INVALID_CONTACT with a path per problem).
 */
import { validateUscc } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { Db } from '@icpdesk/store';
import {
  COMPANY_LIMITS,
  type CompanyPatch,
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  updateCompany,
} from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkedContacts, checkedShareholders, contactsBody, shareholdersBody } from '../company-input.ts';
import { requireSession } from '../guard.ts';
import {
  companySchema,
  presentCompany,
  presentShareholding,
  shareholdingSchema,
} from '../presenters/companies.ts';
import { HttpProblem, langOf } from '../problems.ts';
import { profileFrom } from '../profile-input.ts';
import { idParams, langQuery, notFound as notFoundProblem, pageOf, text } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

export interface CompanyRoutesOptions {
  db: Db;
  kb: Kb;
}

const fields = {
  name: text(200),
  uscc: z.string().max(64).describe('统一社会信用代码, 18 characters'),
  legalRepresentative: text(100),
  address: text(500),
  registeredCapitalCny: z.number().finite().nonnegative().max(1e15),
  profile: z.unknown().describe('the assessment profile, as POST /api/v1/assess takes it'),
  staffCount: z
    .number()
    .int()
    .nonnegative()
    .max(COMPANY_LIMITS.maxStaffCount)
    .describe('the headcount (员工人数)'),
  premisesAddress: text(500).describe(
    'the business premises (经营场所) address; it may be the registered one',
  ),
  premisesAreaSqm: z
    .number()
    .finite()
    .positive()
    .max(COMPANY_LIMITS.maxPremisesAreaSqm)
    .describe('the business premises floor area, m²'),
};

// name and USCC identify a company; the rest may follow later (as in an import of a client list)
const createBody = z.strictObject({
  name: fields.name,
  uscc: fields.uscc,
  legalRepresentative: fields.legalRepresentative.optional(),
  address: fields.address.optional(),
  registeredCapitalCny: fields.registeredCapitalCny.optional(),
  profile: fields.profile.optional(),
  staffCount: fields.staffCount.optional(),
  premisesAddress: fields.premisesAddress.optional(),
  premisesAreaSqm: fields.premisesAreaSqm.optional(),
});

const patchBody = z
  .strictObject({
    name: fields.name.optional(),
    uscc: fields.uscc.nullable().optional(),
    legalRepresentative: fields.legalRepresentative.nullable().optional(),
    address: fields.address.nullable().optional(),
    registeredCapitalCny: fields.registeredCapitalCny.nullable().optional(),
    profile: fields.profile.optional().describe('the assessment profile; null removes it'),
    shareholders: shareholdersBody.optional(),
    contacts: contactsBody.optional().describe('contact people; the list replaces the stored one'),
    staffCount: fields.staffCount.nullable().optional(),
    premisesAddress: fields.premisesAddress.nullable().optional(),
    premisesAreaSqm: fields.premisesAreaSqm.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional().describe('nextCursor of the previous page'),
  sort: z.enum(['name', 'createdAt']).default('createdAt'),
  q: z.string().trim().max(200).optional().describe('part of the company name'),
  ids: z
    .string()
    .max(4000)
    .regex(/^[^,]{1,100}(,[^,]{1,100}){0,99}$/, 'comma-separated company ids, at most 100')
    .optional()
    .describe('only these companies (comma-separated ids, at most 100): the names of the ids a page shows'),
  lang: z.enum(['zh', 'en']).optional(),
});

function checkedUscc(req: FastifyRequest, value: string): string {
  const r = validateUscc(value);
  if (!r.ok || r.value === undefined) {
    const message = r.message[langOf(req)];
    throw new HttpProblem('INVALID_USCC', message, [{ path: 'body.uscc', code: r.code, message }]);
  }
  return r.value;
}

function checkedProfile(req: FastifyRequest, kb: Kb, value: unknown): Record<string, unknown> {
  return profileFrom(req, kb, value, 'body.profile') as unknown as Record<string, unknown>;
}

const notFound = (id: string) => notFoundProblem('company', id);

export const companyRoutes: FastifyPluginAsyncZod<CompanyRoutesOptions> = async (app, o) => {
  const { db, kb } = o;
  // before validation, so that a request without a session is a 401 whatever its body
  const preValidation = requireSession(db);

  app.get(
    '/api/v1/companies',
    {
      preValidation,
      schema: {
        operationId: 'listCompanies',
        tags: ['companies'],
        summary: 'The companies of the organisation (a client: those linked to it), a page at a time',
        querystring: listQuery,
        response: { 200: pageOf(companySchema) },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const { limit, cursor, sort, q, ids } = req.query;
      const page = await listCompanies(db, scope, {
        limit,
        sort,
        ...(cursor ? { cursor } : {}),
        ...(q ? { q } : {}),
        ...(ids ? { ids: ids.split(',') } : {}),
      });
      return { items: page.items.map(presentCompany), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/v1/companies',
    {
      preValidation,
      config: { location: '/api/v1/companies/{id}' },
      schema: {
        operationId: 'createCompany',
        problems: ['INVALID_USCC', 'INVALID_PROFILE', 'USCC_TAKEN'],
        tags: ['companies'],
        summary: 'Create a company (owner, admin, consultant)',
        querystring: langQuery,
        body: createBody,
        response: { 201: companySchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      const uscc = checkedUscc(req, b.uscc);
      const profile = b.profile === undefined ? null : checkedProfile(req, kb, b.profile);
      const company = await createCompany(db, scope, {
        name: b.name,
        uscc,
        legalRepresentative: b.legalRepresentative ?? null,
        address: b.address ?? null,
        registeredCapitalCny: b.registeredCapitalCny ?? null,
        profile,
        staffCount: b.staffCount ?? null,
        premisesAddress: b.premisesAddress ?? null,
        premisesAreaSqm: b.premisesAreaSqm ?? null,
      });
      return reply.status(201).send(presentCompany(company));
    },
  );

  app.get(
    '/api/v1/companies/:id',
    {
      preValidation,
      schema: {
        operationId: 'getCompany',
        tags: ['companies'],
        summary: 'One company',
        params: idParams,
        querystring: langQuery,
        response: { 200: companySchema },
      },
    },
    async (req) => {
      const company = await getCompany(db, scopeOf(req), req.params.id);
      if (!company) throw notFound(req.params.id);
      return presentCompany(company);
    },
  );

  app.patch(
    '/api/v1/companies/:id',
    {
      preValidation,
      schema: {
        operationId: 'updateCompany',
        problems: [
          'INVALID_USCC',
          'INVALID_PROFILE',
          'INVALID_SHAREHOLDERS',
          'INVALID_CONTACT',
          'USCC_TAKEN',
        ],
        tags: ['companies'],
        summary: 'Change some fields of a company (owner, admin, consultant)',
        params: idParams,
        querystring: langQuery,
        body: patchBody,
        response: { 200: companySchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const b = req.body;
      const patch: CompanyPatch = {};
      if (b.name !== undefined) patch.name = b.name;
      if (b.uscc !== undefined) patch.uscc = b.uscc === null ? null : checkedUscc(req, b.uscc);
      if (b.legalRepresentative !== undefined) patch.legalRepresentative = b.legalRepresentative;
      if (b.address !== undefined) patch.address = b.address;
      if (b.registeredCapitalCny !== undefined) patch.registeredCapitalCny = b.registeredCapitalCny;
      if ('profile' in b) patch.profile = b.profile === null ? null : checkedProfile(req, kb, b.profile);
      if (b.shareholders !== undefined) patch.shareholders = checkedShareholders(req, b.shareholders);
      if (b.contacts !== undefined) patch.contacts = checkedContacts(req, b.contacts);
      if (b.staffCount !== undefined) patch.staffCount = b.staffCount;
      if (b.premisesAddress !== undefined) patch.premisesAddress = b.premisesAddress;
      if (b.premisesAreaSqm !== undefined) patch.premisesAreaSqm = b.premisesAreaSqm;
      const company = await updateCompany(db, scope, req.params.id, patch);
      if (!company) throw notFound(req.params.id);
      return presentCompany(company);
    },
  );

  app.delete(
    '/api/v1/companies/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteCompany',
        problems: ['COMPANY_IN_USE'],
        tags: ['companies'],
        summary:
          'Delete a company (owner, admin, consultant); 409 while it has applications, licences or documents',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('deleted') },
      },
    },
    async (req, reply) => {
      const deleted = await deleteCompany(db, scopeOf(req), req.params.id);
      if (!deleted) throw notFound(req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/companies/:id/shareholding',
    {
      preValidation,
      schema: {
        operationId: 'getShareholding',
        tags: ['companies'],
        summary:
          'The foreign share through the shareholder tree, and whether it agrees with the profile’s foreignSharePercent',
        params: idParams,
        querystring: langQuery,
        response: { 200: shareholdingSchema },
      },
    },
    async (req) => {
      const company = await getCompany(db, scopeOf(req), req.params.id);
      if (!company) throw notFound(req.params.id);
      return presentShareholding(company);
    },
  );
};
