/**
 * The tenant a signed-in request acts in: the session user's membership named by the X-Organisation header
 * (an organisation id), or their only membership. 400 ORGANISATION_REQUIRED when the user has none, or
 * several and no header; 400 ORGANISATION_UNKNOWN when the header names an organisation they are not in.
 * Use after requireSession.
 */
import type { FastifyRequest } from 'fastify';
import type { Scope } from '../store/companies.ts';
import { HttpProblem } from './problems.ts';

export const ORGANISATION_HEADER = 'x-organisation';

export function scopeOf(req: FastifyRequest): Scope {
  const session = req.auth;
  if (!session) throw new HttpProblem('UNAUTHENTICATED');
  const orgs = session.user.organisations;
  const header = req.headers[ORGANISATION_HEADER];
  let org: (typeof orgs)[number] | undefined;
  if (typeof header === 'string' && header.trim()) {
    org = orgs.find((o) => o.id === header.trim());
    if (!org) throw new HttpProblem('ORGANISATION_UNKNOWN', `X-Organisation: ${header.trim().slice(0, 64)}`);
  } else if (orgs.length === 1) org = orgs[0];
  else
    throw new HttpProblem(
      'ORGANISATION_REQUIRED',
      orgs.length
        ? `you belong to ${orgs.length} organisations; send one's id in X-Organisation`
        : 'you belong to no organisation',
    );
  return {
    organisationId: org!.id,
    userId: session.user.id,
    role: org!.role,
    actorLabel: session.user.email,
  };
}
