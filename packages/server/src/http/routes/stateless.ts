/**
 * Anonymous, rate-limited endpoints: assess a profile, list the materials for a licence, precheck a package,
 * search the knowledge base (answers to common questions first). They store nothing.
 */
import multipart from '@fastify/multipart';
import {
  assess,
  assessmentFrame,
  assessmentSchema,
  assessmentSummarySchema,
  assessSummary,
  checklist,
  checklistSchema,
  localise,
  localisedAssessmentSchema,
  precheckResultSchema,
  profileSchema,
} from '@icpdesk/engine';
import { b25Scope, type Kb, licenceCode, procedure, searchKb, text } from '@icpdesk/kb';
import type { Clock } from '@icpdesk/store';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { typedOutput } from '../contract.ts';
import { jsonBytes } from '../json-bytes.ts';
import { checkUploadedPackage, PACKAGE_MULTIPART_LIMITS } from '../package-upload.ts';
import { langOf } from '../problems.ts';
import { profileFrom } from '../profile-input.ts';
import { bodyCheckedByHandler, dateOnly, fileForm } from '../route-kit.ts';

const date = dateOnly;

const searchHitSchema = z
  .strictObject({
    kind: z.enum([
      'category',
      'activity',
      'permit',
      'filing',
      'parameter',
      'authority',
      'pitfall',
      'question',
      'check',
      'faq',
      'number',
      'number-rule',
      'penalty',
      'fee',
    ]),
    id: z.string().describe('the entry id; GET it explained with `icpdesk explain <id>`'),
    name: text,
    score: z.number().describe('BM25 relevance; only comparable within one query'),
    answer: text.optional().describe('for an answer to a common question (faq): the answer'),
  })
  .meta({ id: 'SearchHit', description: 'A knowledge-base entry that matches a search, best first.' });

export const statelessRoutes: FastifyPluginAsyncZod<{ kb: Kb; clock: Clock; rateLimited: boolean }> = async (
  app,
  o,
) => {
  const { kb, clock } = o;
  const assessmentBytes = jsonBytes(kb);
  const inLanguage = { zh: jsonBytes(kb, 'zh'), en: jsonBytes(kb, 'en') };
  const limited: { rateLimit?: object } = o.rateLimited ? { rateLimit: {} } : {};
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
        response: {
          200: typedOutput(
            z
              .union([assessmentSchema, localisedAssessmentSchema, assessmentSummarySchema])
              .describe(
                'the Assessment, in both languages; with `lang`, the LocalisedAssessment (texts in that language only, the pitfalls’ penalties once, by id); with detail=summary, the AssessmentSummary (no texts)',
              ),
            // the full result is mostly the kb's own text, sent as bytes made once (per language); a summary
            // is small. In one language, the handler's frame still holds both: its writer drops the other.
            (a) =>
              !('sources' in a)
                ? JSON.stringify(a)
                : 'lang' in a
                  ? inLanguage[a.lang](a)
                  : assessmentBytes(a),
            (a) => ('sources' in a && 'lang' in a ? localise(a, a.lang) : a),
          ),
        },
      },
    },
    async (req) => {
      // the engine's own validation gives bilingual messages with the valid values and the nearest activity
      const profile = profileFrom(req, kb, req.body, 'body');
      if (req.validationError) throw req.validationError;
      const q = req.query;
      const asOf = q.asOf ?? clock.today();
      const opts = { asOf, submitOn: q.submitOn ?? asOf };
      if (q.detail === 'summary') return assessSummary(kb, profile, opts);
      const a = assess(kb, profile, opts);
      return q.lang ? assessmentFrame(a, q.lang) : a;
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
        response: { 200: typedOutput(checklistSchema) },
      },
    },
    async (req) => {
      const b = req.body;
      const profile = b.profile === undefined ? undefined : profileFrom(req, kb, b.profile, 'body.profile');
      const list = checklist(kb, {
        licence: b.licence,
        procedure: b.procedure,
        asOf: b.asOf ?? clock.today(),
        ...(b.scope ? { scope: b.scope } : {}),
        ...(profile ? { profile } : {}),
      });
      return list;
    },
  );

  app.get(
    '/api/v1/kb/search',
    {
      config: limited,
      schema: {
        operationId: 'searchKb',
        tags: ['assessment'],
        summary: 'Search the knowledge base in Chinese or English; a whole question finds its answer first',
        security: [],
        querystring: z.object({
          q: z.string().min(1).max(200).describe('words or a whole question, e.g. EDI证过期了还能续吗？'),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: {
          200: z.strictObject({ query: z.string(), kbVersion: z.string(), hits: z.array(searchHitSchema) }),
        },
      },
    },
    async (req) => ({
      query: req.query.q,
      kbVersion: kb.version,
      hits: searchKb(kb, req.query.q, req.query.limit),
    }),
  );

  // multipart bodies (its parser and its hooks, run at every request) for the precheck alone
  await app.register(async (plain) => {
    const scoped = plain.withTypeProvider<ZodTypeProvider>();
    await scoped.register(multipart, { limits: PACKAGE_MULTIPART_LIMITS });
    scoped.post(
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
          response: { 200: typedOutput(precheckResultSchema) },
        },
      },
      async (req) => {
        const c = await checkUploadedPackage(req, kb, req.query.asOf ?? clock.today(), langOf(req));
        return c.result;
      },
    );
  });
};
