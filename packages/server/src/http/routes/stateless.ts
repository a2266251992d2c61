/**
 * Anonymous, rate-limited endpoints: assess a profile, list the materials for a licence, precheck a package.
 * They store nothing.
 */
import multipart from '@fastify/multipart';
import { assess, checklist, profileSchema, summarize } from '@icpdesk/engine';
import { b25Scope, type Kb, licenceCode, procedure } from '@icpdesk/kb';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkUploadedPackage, PACKAGE_MULTIPART_LIMITS } from '../package-upload.ts';
import { langOf } from '../problems.ts';
import { profileFrom } from '../profile-input.ts';
import { bodyCheckedByHandler, dateOnly, fileForm, today } from '../route-kit.ts';

const text = z.object({ zh: z.string(), en: z.string() });
const assessmentOut = z.looseObject({
  asOf: z.string(),
  kbVersion: z.string(),
  licences: z.array(z.looseObject({ code: licenceCode, requirement: z.enum(['required', 'recommended']) })),
  filings: z.array(z.looseObject({ kind: z.string() })),
  otherPermits: z.array(z.looseObject({ id: z.string() })),
  eligibility: z.looseObject({
    eligible: z.boolean().nullable(),
    checks: z.array(z.looseObject({ id: z.string(), status: z.string() })),
  }),
  pitfalls: z.array(z.looseObject({ id: z.string(), message: text })),
});
const summaryOut = z.looseObject({
  asOf: z.string(),
  kbVersion: z.string(),
  licences: z.array(z.looseObject({ code: licenceCode })),
});
const checklistOut = z.looseObject({
  licence: licenceCode,
  procedure,
  items: z.array(z.looseObject({ id: z.string() })),
});
const precheckOut = z.looseObject({
  summary: z.looseObject({ errors: z.number() }),
  findings: z.array(z.looseObject({ id: z.string(), severity: z.string(), path: z.string() })),
});
const date = dateOnly;

export const statelessRoutes: FastifyPluginAsyncZod<{ kb: Kb; rateLimited: boolean }> = async (app, o) => {
  const { kb } = o;
  const limited: { rateLimit?: object } = o.rateLimited ? { rateLimit: {} } : {};
  await app.register(multipart, { limits: PACKAGE_MULTIPART_LIMITS });

  app.post(
    '/api/v1/assess',
    {
      config: limited,
      attachValidation: true,
      // the body is validated once, by the engine's parseProfile (bilingual messages, a fast path for valid
      // profiles); its zod schema is there for the OpenAPI document only
      validatorCompiler: bodyCheckedByHandler,
      schema: {
        operationId: 'assess',
        tags: ['assessment'],
        security: [],
        problems: ['INVALID_PROFILE'],
        summary: 'Which licences, filings and permits a business profile needs, with reasons and sources',
        querystring: z.object({
          asOf: date.optional(),
          submitOn: date.optional(),
          detail: z.enum(['full', 'summary']).default('full'),
          lang: z.enum(['zh', 'en']).optional(),
        }),
        body: profileSchema.meta({ examples: [{ service: { activities: ['cdn'] } }] }),
        response: { 200: z.union([assessmentOut, summaryOut]) },
      },
    },
    async (req) => {
      // the engine's own validation gives bilingual messages with the valid values and the nearest activity
      const profile = profileFrom(req, kb, req.body, 'body');
      if (req.validationError) throw req.validationError;
      const q = req.query;
      const asOf = q.asOf ?? today();
      const result = assess(kb, profile, { asOf, submitOn: q.submitOn ?? asOf });
      // engine types carry no index signature; the response schema checks the shape at run time
      return (q.detail === 'summary' ? summarize(result) : result) as unknown as z.infer<
        typeof assessmentOut
      >;
    },
  );

  app.post(
    '/api/v1/checklist',
    {
      config: limited,
      schema: {
        operationId: 'checklist',
        tags: ['assessment'],
        summary: 'The materials an application needs, for a licence and a procedure',
        security: [],
        problems: ['INVALID_PROFILE'],
        body: z.strictObject({
          licence: licenceCode,
          scope: b25Scope.optional(),
          procedure,
          profile: z.unknown().optional(),
          asOf: date.optional(),
        }),
        response: {
          200: z.looseObject({
            licence: licenceCode,
            procedure,
            items: z.array(z.looseObject({ id: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const b = req.body;
      const profile = b.profile === undefined ? undefined : profileFrom(req, kb, b.profile, 'body.profile');
      const list = checklist(kb, {
        licence: b.licence,
        procedure: b.procedure,
        asOf: b.asOf ?? today(),
        ...(b.scope ? { scope: b.scope } : {}),
        ...(profile ? { profile } : {}),
      });
      return list as unknown as z.infer<typeof checklistOut>;
    },
  );

  app.post(
    '/api/v1/precheck',
    {
      config: limited,
      validatorCompiler: bodyCheckedByHandler,
      schema: {
        operationId: 'precheckPackage',
        tags: ['assessment'],
        summary: 'Check an application package (a .zip with application.yaml) before submitting it',
        security: [],
        problems: ['INVALID_PACKAGE'],
        consumes: ['multipart/form-data'],
        body: fileForm('package', 'the application package: a .zip with application.yaml (at most 64 MiB)'),
        querystring: z.object({ asOf: date.optional(), lang: z.enum(['zh', 'en']).optional() }),
        response: {
          200: z.looseObject({
            summary: z.looseObject({ errors: z.number() }),
            findings: z.array(z.looseObject({ id: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const c = await checkUploadedPackage(req, kb, req.query.asOf ?? today(), langOf(req));
      return c.result as unknown as z.infer<typeof precheckOut>;
    },
  );
};
