/**
 * The organisation the request acts in (tag "organisation"):
 *
 * - GET   /api/v1/organisation   its name, dates, member count and what the caller may do (any member)
 * - PATCH /api/v1/organisation   rename it (owner, admin); audited
 */

import type { Db } from '@icpdesk/store';
import { getOrganisation, renameOrganisation } from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { organisationSchema } from '../presenters/organisation.ts';
import { langQuery, text } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const tag = ['organisation'];

export const organisationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const preValidation = requireSession(db);

  app.get(
    '/api/v1/organisation',
    {
      preValidation,
      schema: {
        operationId: 'getOrganisation',
        tags: tag,
        summary: 'The organisation the request acts in, and what the caller’s role may do in it',
        response: { 200: organisationSchema },
      },
    },
    async (req) => getOrganisation(db, scopeOf(req)),
  );

  app.patch(
    '/api/v1/organisation',
    {
      preValidation,
      schema: {
        operationId: 'updateOrganisation',
        tags: tag,
        summary: 'Rename the organisation (owner, admin)',
        querystring: langQuery,
        body: z.strictObject({ name: text(200) }),
        response: { 200: organisationSchema },
      },
    },
    async (req) => renameOrganisation(db, scopeOf(req), req.body.name),
  );
};
