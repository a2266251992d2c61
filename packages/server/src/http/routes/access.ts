/**
 * The organisation's access: members and their roles (./members.ts), invitations by link (./invitations.ts),
 * API tokens (./api-tokens.ts) and the organisation itself with what the caller may do (./organisation.ts).
 * Client links are part of the members routes. All tagged "organisation" in the OpenAPI document.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ResourceRoutesOptions } from '../route-kit.ts';
import { apiTokenRoutes } from './api-tokens.ts';
import { invitationRoutes } from './invitations.ts';
import { memberRoutes } from './members.ts';
import { organisationRoutes } from './organisation.ts';

export const accessRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  await app.register(memberRoutes, { db: o.db });
  await app.register(invitationRoutes, { db: o.db });
  await app.register(apiTokenRoutes, { db: o.db });
  await app.register(organisationRoutes, { db: o.db });
};
