/**
 * API tokens of the organisation the request acts in (owner and admin; with a bearer token only one that has
 * the `admin` scope):
 *
 * - POST   /api/v1/tokens      make a token for the caller; the secret is in this response and nowhere else
 * - GET    /api/v1/tokens      list (revoked and expired ones included; never a secret)
 * - DELETE /api/v1/tokens/:id  revoke (at once; revoking again is a no-op)
 *
 * Use a token as `Authorization: Bearer icpd_…` (no cookie, no CSRF token). See ../../auth/tokens.ts.
 */

import type { Db } from '@icpdesk/store';
import { createApiToken, listApiTokens, revokeApiToken, tokenScopes } from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { apiTokenSchema, createdTokenSchema } from '../presenters/api-tokens.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, langQuery, notFound as notFoundProblem, pageOf, pageQuery, text } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const createBody = z.strictObject({
  name: text(100),
  scopes: z
    .array(z.enum(tokenScopes))
    .min(1)
    .max(tokenScopes.length)
    .refine((s) => new Set(s).size === s.length, 'each scope once')
    .describe('read: GET; write: change compliance data; admin: members, invitations, tokens'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('an instant in the future (ISO 8601); no expiry when absent'),
});

const tag = ['organisation'];

export const apiTokenRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/tokens',
    {
      preValidation,
      config: { location: '/api/v1/tokens/{token.id}' },
      schema: {
        operationId: 'createToken',
        tags: tag,
        summary: 'Make an API token acting for you (owner, admin); its secret is shown in this response only',
        querystring: langQuery,
        body: createBody,
        response: {
          201: createdTokenSchema,
        },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      let expiresAt: string | null = null;
      if (b.expiresAt !== undefined) {
        const t = Date.parse(b.expiresAt);
        if (!(t > db.clock.now().getTime()))
          throw new HttpProblem(
            'VALIDATION_FAILED',
            { zh: 'expiresAt 必须晚于当前时间', en: 'expiresAt must be in the future' },
            [
              {
                path: 'body.expiresAt',
                code: 'past',
                message: { zh: '须为将来的某一时刻', en: 'an instant in the future' },
              },
            ],
          );
        expiresAt = new Date(t).toISOString();
      }
      const made = await createApiToken(db, scope, { name: b.name, scopes: b.scopes, expiresAt });
      return reply.status(201).send(made);
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      preValidation,
      schema: {
        operationId: 'listTokens',
        tags: tag,
        summary: 'The organisation’s API tokens, without secrets (owner, admin)',
        querystring: pageQuery,
        response: { 200: pageOf(apiTokenSchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      return listApiTokens(db, scopeOf(req), { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      preValidation,
      schema: {
        operationId: 'revokeToken',
        tags: tag,
        summary: 'Revoke an API token (owner, admin); it stops working at once',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('revoked') },
      },
    },
    async (req, reply) => {
      const revoked = await revokeApiToken(db, scopeOf(req), req.params.id);
      if (!revoked) throw notFoundProblem('API token', req.params.id);
      return reply.status(204).send(null);
    },
  );
};
