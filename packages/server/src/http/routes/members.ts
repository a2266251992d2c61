/**
 * Members of the organisation the request acts in, and the companies a client member sees:
 *
 * - GET    /api/v1/members                     list (every member; a client sees only itself)
 * - PATCH  /api/v1/members/:userId             change the role (owner, admin; only an owner makes or unmakes
 *                                              owners; 409 LAST_OWNER for the last owner)
 * - DELETE /api/v1/members/:userId             remove from the organisation (owner, admin; same owner rules);
 *                                              their client links go, their API tokens here are revoked
 * - GET    /api/v1/members/:userId/companies   the companies a client member sees (any member; a client
 *                                              only itself); 409 NOT_A_CLIENT for other roles
 * - PUT    /api/v1/members/:userId/companies   set them (owner, admin, consultant); 400 COMPANY_UNKNOWN
 *
 * Rules and tenancy live in the store (../../store/members.ts): a user of another organisation is a 404.
 */

import type { Db } from '@icpdesk/store';
import {
  changeMemberRole,
  getClientCompanies,
  listMembers,
  removeMember,
  roles,
  setClientCompanies,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { linkedCompanies, memberSchema } from '../presenters/members.ts';
import { langQuery, notFound as notFoundProblem, pageOf, pageQuery } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const userParams = z.object({ userId: z.string().min(1).max(100) });
const tag = ['organisation'];
const notFound = (id: string) => notFoundProblem('member', id);

export const memberRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const preValidation = requireSession(db);

  app.get(
    '/api/v1/members',
    {
      preValidation,
      schema: {
        operationId: 'listMembers',
        tags: tag,
        summary: 'The members of the organisation and their roles (a client: only itself), a page at a time',
        querystring: pageQuery,
        response: { 200: pageOf(memberSchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      return listMembers(db, scopeOf(req), { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.patch(
    '/api/v1/members/:userId',
    {
      preValidation,
      schema: {
        operationId: 'updateMember',
        problems: ['LAST_OWNER'],
        tags: tag,
        summary:
          'Change a member’s role (owner, admin; only an owner makes or unmakes owners; the last owner stays)',
        params: userParams,
        querystring: langQuery,
        body: z.strictObject({ role: z.enum(roles) }),
        response: { 200: memberSchema },
      },
    },
    async (req) => {
      const member = await changeMemberRole(db, scopeOf(req), req.params.userId, req.body.role);
      if (!member) throw notFound(req.params.userId);
      return member;
    },
  );

  app.delete(
    '/api/v1/members/:userId',
    {
      preValidation,
      schema: {
        operationId: 'removeMember',
        problems: ['LAST_OWNER'],
        tags: tag,
        summary:
          'Remove a member from the organisation (owner, admin); their client links go and their API tokens here are revoked',
        params: userParams,
        querystring: langQuery,
        response: { 204: z.null().describe('removed') },
      },
    },
    async (req, reply) => {
      const removed = await removeMember(db, scopeOf(req), req.params.userId);
      if (!removed) throw notFound(req.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/members/:userId/companies',
    {
      preValidation,
      schema: {
        operationId: 'getMemberCompanies',
        problems: ['NOT_A_CLIENT'],
        tags: tag,
        summary: 'The companies a client member sees (a client may ask only about itself)',
        params: userParams,
        querystring: langQuery,
        response: { 200: linkedCompanies },
      },
    },
    async (req) => {
      const items = await getClientCompanies(db, scopeOf(req), req.params.userId);
      if (!items) throw notFound(req.params.userId);
      return { items };
    },
  );

  app.put(
    '/api/v1/members/:userId/companies',
    {
      preValidation,
      schema: {
        operationId: 'setMemberCompanies',
        problems: ['NOT_A_CLIENT', 'COMPANY_UNKNOWN'],
        tags: tag,
        summary: 'Set the companies a client member sees, all at once (owner, admin, consultant)',
        params: userParams,
        querystring: langQuery,
        body: z.strictObject({
          companyIds: z
            .array(z.string().min(1).max(100))
            .max(1000)
            .describe('ids of companies of the organisation; [] unlinks all'),
        }),
        response: { 200: linkedCompanies },
      },
    },
    async (req) => {
      const items = await setClientCompanies(db, scopeOf(req), req.params.userId, req.body.companyIds);
      if (!items) throw notFound(req.params.userId);
      return { items };
    },
  );
};
