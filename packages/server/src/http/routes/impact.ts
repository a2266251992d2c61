/**
 * POST /api/v1/companies/:id/impact — what a proposed change (a new activity, wider coverage, foreign
 * investment, servers moving abroad, a rename, a capital reduction, a new shareholder, a new domain) means
 * for the company: the engine's impact() over the company's profile (or one in the body) and its register
 * (licences, filings, domains, servers), as of `asOf` (default today in China). Nothing is stored; every
 * role that sees the company may ask. No profile anywhere: 409 PROFILE_MISSING; a stored one the kb no
 * longer accepts: 409 PROFILE_OUTDATED; a change whose kind lacks its field, names an unknown activity or
 * an invalid domain: 400 INVALID_CHANGE.
 */
import { impact, impactSchema, parseChange, proposedChangeSchema } from '@icpdesk/engine';
import { companyRegisterFacts, getCompany } from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { HttpProblem, langOf } from '../problems.ts';
import { profileFrom } from '../profile-input.ts';
import { dateOnly, idParams, langQuery, notFound, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { currentProfile } from './assessments.ts';

const body = z.strictObject({
  change: proposedChangeSchema,
  asOf: dateOnly.optional().describe('apply the law as of this date (default today in China)'),
  profile: z.unknown().optional().describe('a profile to start from; default the company’s stored profile'),
});

export const impactRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/companies/:id/impact',
    {
      preValidation,
      schema: {
        operationId: 'companyImpact',
        problems: ['INVALID_CHANGE', 'INVALID_PROFILE', 'PROFILE_MISSING', 'PROFILE_OUTDATED'],
        tags: ['impact'],
        summary:
          'What a proposed change means for the company: licences, filings and permits required or invalid, checks that fail, deadlines',
        params: idParams,
        querystring: langQuery,
        body,
        response: { 200: impactSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const company = await getCompany(db, scope, req.params.id);
      const facts = company && (await companyRegisterFacts(db, scope, company.id));
      if (!company || !facts) throw notFound('company', req.params.id);
      const lang = langOf(req);
      const change = parseChange(kb, req.body.change);
      if (!change.ok)
        throw new HttpProblem(
          'INVALID_CHANGE',
          change.issues.map((i) => i.message[lang]).join('; '),
          change.issues.map((i) => ({
            path: `body.change.${i.path}`,
            code: i.code,
            message: i.message[lang],
          })),
        );
      return impact(kb, profileOf(req, company.profile), change.change, facts, {
        asOf: req.body.asOf ?? clock.today(),
      });
    },
  );

  /** the body's profile, else the company's stored one (checked against the current kb) */
  function profileOf(req: Parameters<typeof langOf>[0] & { body: z.infer<typeof body> }, stored: unknown) {
    if (req.body.profile !== undefined) return profileFrom(req, kb, req.body.profile, 'body.profile');
    if (stored === null || stored === undefined)
      throw new HttpProblem('PROFILE_MISSING', {
        zh: '该公司没有保存的业务档案；请通过 PATCH /api/v1/companies/:id 填写，或在请求中提供 profile',
        en: 'the company has no stored profile; set it with PATCH /api/v1/companies/:id or send profile',
      });
    return currentProfile(req, kb, stored, 'company.profile');
  }
};
