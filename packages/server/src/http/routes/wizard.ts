/**
 * What the public self-assessment wizard reads: the activities a founder picks from (names, descriptions and
 * aliases, for a search in Chinese or English), the yes/no questions, the provinces, the licence categories
 * (which an application names); and the what-if comparison of two profiles. Anonymous, rate-limited, they
 * store nothing.
 */
import { compare, comparisonSchema, profileSchema, textSchema } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { Clock } from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { profileFrom } from '../profile-input.ts';
import { bodyCheckedByHandler, dateOnly } from '../route-kit.ts';

const catalogueSchema = z
  .strictObject({
    kbVersion: z.string(),
    activities: z.array(
      z.strictObject({
        id: z.string(),
        name: textSchema,
        description: textSchema,
        aliases: z.array(z.string()).describe('other words for it, Chinese and English, for searching'),
        commercial: z.union([z.boolean(), z.literal('depends')]),
      }),
    ),
    questions: z.array(z.strictObject({ id: z.string(), text: textSchema, help: textSchema.optional() })),
    authorities: z
      .array(
        z.strictObject({
          id: z.string().describe('MIIT, or the ISO 3166-2:CN code of a province'),
          name: textSchema,
          region: textSchema.optional().describe('the province a communications administration is of'),
        }),
      )
      .describe('MIIT and the provincial communications administrations, in the order of the kb'),
    licences: z
      .array(
        z.strictObject({
          code: z.string().describe('the category code of kb/catalogue.yaml, e.g. B25'),
          name: textSchema,
          scopes: z
            .array(z.strictObject({ id: z.string(), name: textSchema }))
            .optional()
            .describe('where the category has scopes: an application names one as "B25:internet"'),
        }),
      )
      .describe('the value-added licence categories an application may be for, in the order of the kb'),
  })
  .meta({
    id: 'Catalogue',
    description: 'What a profile or an application may name: activities, questions, provinces, licences.',
  });

function catalogue(kb: Kb): z.infer<typeof catalogueSchema> {
  return {
    kbVersion: kb.version,
    activities: [...kb.activities.values()].map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      aliases: a.aliases,
      commercial: a.commercial,
    })),
    questions: [...kb.questions.values()].map((q) => ({
      id: q.id,
      text: q.text,
      ...(q.help ? { help: q.help } : {}),
    })),
    authorities: [...kb.authorities.values()].map((a) => ({
      id: a.id,
      name: a.name,
      ...(a.region ? { region: a.region } : {}),
    })),
    licences: [...kb.categories.values()].map((c) => ({
      code: c.id,
      name: c.name,
      ...(c.scopes ? { scopes: c.scopes.map((s) => ({ id: s.id, name: s.name })) } : {}),
    })),
  };
}

export const wizardRoutes: FastifyPluginAsyncZod<{ kb: Kb; clock: Clock; rateLimited: boolean }> = async (
  app,
  o,
) => {
  const { kb, clock } = o;
  const limited: { rateLimit?: object } = o.rateLimited ? { rateLimit: {} } : {};
  const body = catalogue(kb);

  app.get(
    '/api/v1/kb/catalogue',
    {
      config: limited,
      schema: {
        operationId: 'getCatalogue',
        tags: ['assessment'],
        security: [],
        summary: 'The activities, questions and provinces a business profile may name',
        response: { 200: catalogueSchema },
      },
    },
    async () => body,
  );

  app.post(
    '/api/v1/compare',
    {
      config: limited,
      attachValidation: true,
      validatorCompiler: bodyCheckedByHandler,
      schema: {
        operationId: 'compareProfiles',
        tags: ['assessment'],
        security: [],
        problems: ['INVALID_PROFILE'],
        summary: 'What changes between the assessments of two business profiles (a what-if)',
        querystring: z.object({ asOf: dateOnly.optional(), lang: z.enum(['zh', 'en']).optional() }),
        body: z.strictObject({ a: profileSchema, b: profileSchema }).meta({
          examples: [
            {
              a: { service: { activities: ['paid-content'], coverage: ['CN-SH'] } },
              b: { service: { activities: ['paid-content'], coverage: ['CN-SH', 'CN-JS'] } },
            },
          ],
        }),
        response: { 200: comparisonSchema },
      },
    },
    async (req) => {
      const raw = (req.body ?? {}) as { a?: unknown; b?: unknown };
      const a = profileFrom(req, kb, raw.a, 'body.a');
      const b = profileFrom(req, kb, raw.b, 'body.b');
      if (req.validationError) throw req.validationError;
      const asOf = req.query.asOf ?? clock.today();
      return compare(kb, a, b, { asOf, submitOn: asOf });
    },
  );
};
