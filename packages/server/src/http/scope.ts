/**
 * The tenant a signed-in request acts in (use after requireSession):
 *
 * - with a session: the user's membership named by the X-Organisation header (an organisation id), or
 *   their only membership. 400 ORGANISATION_REQUIRED when the user has none, or several and no header;
 *   400 ORGANISATION_UNKNOWN when the header names an organisation they are not in.
 * - with an API token: the token's organisation, always; X-Organisation may be sent but must name it
 *   (400 TOKEN_ORGANISATION_MISMATCH). The scope carries the token's scopes and the audit label
 *   "token:<name>".
 *
 * The role is the user's role in the organisation as it is now (read on every request).
 */

import type { Scope } from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.ts';

export const ORGANISATION_HEADER = 'x-organisation';

export function scopeOf(req: FastifyRequest): Scope {
  const auth = req.auth;
  if (!auth) throw new HttpProblem('UNAUTHENTICATED');
  const orgs = auth.user.organisations;
  const raw = req.headers[ORGANISATION_HEADER];
  const header = typeof raw === 'string' ? raw.trim() : '';
  if (auth.kind === 'token') {
    const org = orgs[0]!;
    if (header && header !== auth.token.organisationId)
      throw new HttpProblem('TOKEN_ORGANISATION_MISMATCH', {
        zh: `X-Organisation: ${header.slice(0, 64)}；该令牌属于 ${auth.token.organisationId}`,
        en: `X-Organisation: ${header.slice(0, 64)}; this token belongs to ${auth.token.organisationId}`,
      });
    return {
      organisationId: auth.token.organisationId,
      userId: auth.user.id,
      role: org.role,
      actorLabel: `token:${auth.token.name}`,
      tokenScopes: auth.token.scopes,
    };
  }
  let org: (typeof orgs)[number] | undefined;
  if (header) {
    org = orgs.find((o) => o.id === header);
    if (!org) throw new HttpProblem('ORGANISATION_UNKNOWN', `X-Organisation: ${header.slice(0, 64)}`);
  } else if (orgs.length === 1) org = orgs[0];
  else
    throw new HttpProblem(
      'ORGANISATION_REQUIRED',
      orgs.length
        ? {
            zh: `您属于 ${orgs.length} 个机构，请在 X-Organisation 中发送其中一个的 ID`,
            en: `you belong to ${orgs.length} organisations; send one's id in X-Organisation`,
          }
        : { zh: '您不属于任何机构', en: 'you belong to no organisation' },
    );
  return {
    organisationId: org!.id,
    userId: auth.user.id,
    role: org!.role,
    actorLabel: auth.user.email,
  };
}
