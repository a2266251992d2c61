/**
 * Stored assessments of a company (tag "assessments"):
 *
 * - POST   /api/v1/companies/:id/assessments   assess and store (owner, admin, consultant): body
 *          { asOf?: YYYY-MM-DD (default today in China), profile? (default the company's stored profile) }.
 *          No profile anywhere: 409 PROFILE_MISSING; a stored profile the current kb no longer accepts: 409
 *          PROFILE_OUTDATED (with paths); a bad profile in the body: 400 INVALID_PROFILE.
 * - GET    /api/v1/companies/:id/assessments   the company's assessments, newest first, summaries only
 * - GET    /api/v1/assessments/:id              one stored assessment: result and the profile it used
 * - POST   /api/v1/assessments/:id/rerun        the same company and profile again, as of a new date (default
 *          today) under the current kb, stored as a new assessment (writers)
 * - GET    /api/v1/assessments/:id/compare/:otherId   what changed from :id to :otherId (engine
 *          diffAssessments), which inputs differ (kb version, as-of date, profile fields) and what that means
 * - DELETE /api/v1/assessments/:id              (writers)
 *
 * Readers: every role; a client only the assessments of companies linked to it. Ids the scope cannot see
 * (another organisation, an unlinked company) are 404, also as either side of a comparison.
 */
import { assess, type Profile, parseProfile } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import {
  type Computed,
  createAssessment,
  deleteAssessment,
  getAssessment,
  listAssessments,
  rerunAssessment,
} from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import {
  assessmentSummarySchema,
  comparisonSchema,
  presentComparison,
  presentStoredAssessment,
  storedAssessmentSchema,
} from '../presenters/assessments.ts';
import { HttpProblem, langOf } from '../problems.ts';
import { profileFrom } from '../profile-input.ts';
import {
  dateOnly,
  idParams,
  langQuery,
  notFound,
  pageOf,
  pageQuery,
  type ResourceRoutesOptions,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const createBody = z
  .strictObject({
    asOf: dateOnly.optional().describe('the date the law is applied as of; default today in China'),
    profile: z.unknown().optional().describe('a profile to assess; default the company’s stored profile'),
  })
  .nullish()
  .describe('may be left out');
const rerunBody = z
  .strictObject({
    asOf: dateOnly.optional().describe('default today in China'),
  })
  .nullish()
  .describe('may be left out');

const compareParams = z.object({ id: z.string().min(1).max(100), otherId: z.string().min(1).max(100) });
const notFoundAssessment = (id: string) => notFound('assessment', id);

/** a stored profile checked against the current kb; 409 PROFILE_OUTDATED when it no longer passes */
export function currentProfile(req: FastifyRequest, kb: Kb, value: unknown, at: string): Profile {
  const r = parseProfile(kb, value);
  if (r.ok) return r.profile;
  const lang = langOf(req);
  throw new HttpProblem(
    'PROFILE_OUTDATED',
    r.issues.map((i) => i.message[lang]).join('; '),
    r.issues.map((i) => ({ path: i.path ? `${at}.${i.path}` : at, code: i.code, message: i.detail[lang] })),
  );
}

const run = (kb: Kb, profile: Profile, asOf: string): Computed => ({
  asOf,
  kbVersion: kb.version,
  profile,
  result: assess(kb, profile, { asOf }),
});

export const assessmentRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/companies/:id/assessments',
    {
      preValidation,
      config: { location: '/api/v1/assessments/{id}' },
      schema: {
        operationId: 'createAssessment',
        problems: ['INVALID_PROFILE', 'PROFILE_MISSING', 'PROFILE_OUTDATED'],
        tags: ['assessments'],
        summary: 'Assess a company and store the result (owner, admin, consultant)',
        params: idParams,
        querystring: langQuery,
        body: createBody,
        response: { 201: storedAssessmentSchema },
      },
    },
    async (req, reply) => {
      const b = req.body ?? {};
      const asOf = b.asOf ?? clock.today();
      const stored = await createAssessment(db, scopeOf(req), req.params.id, (storedProfile) => {
        if (b.profile !== undefined) return run(kb, profileFrom(req, kb, b.profile, 'body.profile'), asOf);
        if (storedProfile === null)
          throw new HttpProblem('PROFILE_MISSING', {
            zh: '该公司没有保存的业务档案；请通过 PATCH /api/v1/companies/:id 填写，或在请求中提供 profile',
            en: 'the company has no stored profile; set it with PATCH /api/v1/companies/:id or send profile',
          });
        return run(kb, currentProfile(req, kb, storedProfile, 'company.profile'), asOf);
      });
      if (!stored) throw notFound('company', req.params.id);
      return reply.status(201).send(presentStoredAssessment(stored));
    },
  );

  app.get(
    '/api/v1/companies/:id/assessments',
    {
      preValidation,
      schema: {
        operationId: 'listAssessments',
        tags: ['assessments'],
        summary: 'The assessments of a company, newest first (summaries; the full result by id)',
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(assessmentSummarySchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const page = await listAssessments(db, scopeOf(req), req.params.id, {
        limit,
        ...(cursor ? { cursor } : {}),
      });
      if (!page) throw notFound('company', req.params.id);
      return page;
    },
  );

  app.get(
    '/api/v1/assessments/:id',
    {
      preValidation,
      schema: {
        operationId: 'getAssessment',
        tags: ['assessments'],
        summary: 'One stored assessment: the full result and the profile it was computed from',
        params: idParams,
        querystring: langQuery,
        response: { 200: storedAssessmentSchema },
      },
    },
    async (req) => {
      const stored = await getAssessment(db, scopeOf(req), req.params.id);
      if (!stored) throw notFoundAssessment(req.params.id);
      return presentStoredAssessment(stored);
    },
  );

  app.post(
    '/api/v1/assessments/:id/rerun',
    {
      preValidation,
      config: { location: '/api/v1/assessments/{id}' },
      schema: {
        operationId: 'rerunAssessment',
        problems: ['INVALID_PROFILE', 'PROFILE_MISSING', 'PROFILE_OUTDATED'],
        tags: ['assessments'],
        summary:
          'Assess the same company and profile again, as of a new date under the current kb; stored as a new assessment',
        params: idParams,
        querystring: langQuery,
        body: rerunBody,
        response: { 201: storedAssessmentSchema },
      },
    },
    async (req, reply) => {
      const asOf = req.body?.asOf ?? clock.today();
      const stored = await rerunAssessment(db, scopeOf(req), req.params.id, (previous) => {
        if (previous.profile === null)
          throw new HttpProblem('PROFILE_MISSING', {
            zh: '该评估没有保存所用的业务档案，无法重新评估',
            en: 'the assessment has no stored profile to run again',
          });
        return run(kb, currentProfile(req, kb, previous.profile, 'assessment.profile'), asOf);
      });
      if (!stored) throw notFoundAssessment(req.params.id);
      return reply.status(201).send(presentStoredAssessment(stored));
    },
  );

  app.get(
    '/api/v1/assessments/:id/compare/:otherId',
    {
      preValidation,
      schema: {
        operationId: 'compareAssessments',
        tags: ['assessments'],
        summary: 'What changed from one stored assessment to another, and which inputs differ',
        params: compareParams,
        querystring: langQuery,
        response: { 200: comparisonSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const [a, b] = await Promise.all([
        getAssessment(db, scope, req.params.id),
        getAssessment(db, scope, req.params.otherId),
      ]);
      if (!a) throw notFoundAssessment(req.params.id);
      if (!b) throw notFoundAssessment(req.params.otherId);
      return presentComparison(a, b);
    },
  );

  app.delete(
    '/api/v1/assessments/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteAssessment',
        tags: ['assessments'],
        summary: 'Delete a stored assessment (owner, admin, consultant)',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('deleted') },
      },
    },
    async (req, reply) => {
      const deleted = await deleteAssessment(db, scopeOf(req), req.params.id);
      if (!deleted) throw notFoundAssessment(req.params.id);
      return reply.status(204).send(null);
    },
  );
};
