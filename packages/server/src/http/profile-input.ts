/** A business profile from a request body, validated by the engine; a bad one is an INVALID_PROFILE problem. */
import { type Profile, parseProfile } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { FastifyRequest } from 'fastify';
import { HttpProblem, langOf } from './problems.ts';

/** `at` is where the profile sits in the request, e.g. "body" or "body.profile". */
export function profileFrom(req: FastifyRequest, kb: Kb, value: unknown, at: string): Profile {
  const r = parseProfile(kb, value);
  if (r.ok) return r.profile;
  const lang = langOf(req);
  throw new HttpProblem(
    'INVALID_PROFILE',
    r.issues.map((i) => i.message[lang]).join('; '),
    r.issues.map((i) => ({ path: i.path ? `${at}.${i.path}` : at, code: i.code, message: i.detail[lang] })),
  );
}
