/**
 * Obligations over the stored licences, register and company events (issue #11 §4), computed by the engine as
 * of today in China (or `asOf`) and filtered; tenancy as everywhere (a client: its linked companies only):
 *
 * - GET /api/v1/obligations                  the organisation's
 * - GET /api/v1/companies/:id/obligations    one company's (404 when the caller does not see it)
 * - GET /api/v1/licences/:id/obligations     one licence's
 *
 * Filters: status and kind (comma-separated lists), from/to (due day, or for a standing duty the day it
 * opens). The response is the engine's Obligations with how company events were found (`events`) and the
 * stored rows that could not be read (`gaps`); the mapping is the store's (store/src/obligations/facts.ts).
 */
import {
  type ObligationStatus,
  obligationKindSchema,
  obligationStatusSchema,
  obligationsResultSchema,
  textSchema,
} from '@icpdesk/engine';
import {
  auditVersion,
  listObligations,
  type ObligationQuery,
  type StoredObligations,
  visibilityKey,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { typedOutput } from '../contract.ts';
import { requireSession } from '../guard.ts';
import { KeptAnswers } from '../kept-answers.ts';
import { dateOnly, idParams, notFound, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

export const storedObligationsSchema = obligationsResultSchema
  .extend({
    events: textSchema.describe(
      'how company events were found: the recorded ones by their effective day, else changes read from the audit log',
    ),
    gaps: z
      .array(
        z.strictObject({
          entity: z.enum(['number_resources']),
          id: z.string(),
          reason: textSchema,
        }),
      )
      .describe('stored rows left out of the computation, with the reason'),
    total: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('how many obligations the filters let through, before offset and limit cut the page'),
  })
  .meta({
    id: 'StoredObligations',
    description: 'The obligations of stored licences, register entries and company events, as of a day.',
  });

/** a comma-separated list of an enum's values */
const listOf = (values: readonly string[], what: string) =>
  z
    .string()
    .max(400)
    .regex(new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`), `comma-separated ${what}`)
    .describe(`comma-separated: ${values.join(', ')}`);

export const obligationsQuery = z.object({
  status: listOf(obligationStatusSchema.options, 'statuses').optional(),
  kind: listOf(obligationKindSchema.options, 'kinds').optional(),
  from: dateOnly.optional().describe('due (a standing duty: opens) on or after this day'),
  to: dateOnly.optional().describe('due (a standing duty: opens) on or before this day'),
  asOf: dateOnly.optional().describe('the day to judge by; default today in China'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .describe('skip this many of the filtered obligations (in their order: by due day)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('at most this many obligations (default: all); `total` says how many there are'),
  lang: z.enum(['zh', 'en']).optional(),
});
type Query = z.infer<typeof obligationsQuery>;

/** the store's query of a request's filters */
export function obligationFilter(q: Query, today: string): ObligationQuery {
  return {
    asOf: q.asOf ?? today,
    ...(q.status ? { status: q.status.split(',') as ObligationStatus[] } : {}),
    ...(q.kind ? { kind: q.kind.split(',') as ObligationQuery['kind'] } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.offset !== undefined ? { offset: q.offset } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
  };
}

const tags = ['obligations'];

export const obligationRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  const response = { 200: typedOutput(storedObligationsSchema) };
  const kept = new KeptAnswers();

  /**
   * The answer to a read: kept while the organisation's audit version stands (obligations of 100,000 rows take
   * a second to compute and serialise; a dashboard asks for them again and again), as UTF-8 bytes, and gzipped
   * for a client that accepts it (../kept-answers.ts). The version is read before the rows, so a kept answer
   * is never older than its version.
   */
  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    list: () => Promise<StoredObligations | undefined>,
  ) {
    const scope = scopeOf(req);
    // read with the session when signed in by cookie (one round trip less), else on its own
    const version =
      req.auth?.session?.auditVersions[scope.organisationId] ??
      (await auditVersion(db.kysely, scope.organisationId));
    const key = [scope.organisationId, visibilityKey(scope), clock.today(), req.url].join(' ');
    const hit = kept.get(key, version);
    if (hit) return kept.send(req, reply, hit);
    const result = await list();
    if (!result) return undefined;
    return kept.send(req, reply, kept.set(key, version, Buffer.from(reply.serialize(result) as string)));
  }

  app.get(
    '/api/v1/obligations',
    {
      preValidation,
      schema: {
        operationId: 'listObligations',
        tags,
        summary:
          'The organisation’s obligations (a client: of its linked companies): annual reports, renewal, changes, filings, numbers, display',
        querystring: obligationsQuery,
        response,
      },
    },
    (req, reply) =>
      answer(req, reply, () =>
        listObligations(db, kb, scopeOf(req), obligationFilter(req.query, clock.today())),
      ),
  );

  for (const [what, plural, key, summary] of [
    ['company', 'companies', 'companyId', 'One company’s obligations'],
    [
      'licence',
      'licences',
      'licenceId',
      'One licence’s obligations (annual reports, renewal, expiry, changes)',
    ],
  ] as const)
    app.get(
      `/api/v1/${plural}/:id/obligations`,
      {
        preValidation,
        schema: {
          operationId: what === 'company' ? 'listCompanyObligations' : 'listLicenceObligations',
          tags,
          summary,
          params: idParams,
          querystring: obligationsQuery,
          response,
        },
      },
      async (req, reply) => {
        const sent = await answer(req, reply, () =>
          listObligations(db, kb, scopeOf(req), {
            ...obligationFilter(req.query, clock.today()),
            [key]: req.params.id,
          }),
        );
        if (!sent) throw notFound(what, req.params.id);
        return sent;
      },
    );
};
