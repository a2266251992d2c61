/**
 * `requireSession(db)`: the preHandler of every route that needs a signed-in user. It reads the session
 * cookie (401 UNAUTHENTICATED without a live session) and, because a cookie is sent by the browser on its
 * own, requires the session's CSRF token in X-CSRF-Token on POST, PUT, PATCH and DELETE (403 CSRF_FAILED).
 * The session is then `req.auth`. Routes without this guard (anonymous, stateless) are not affected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problems.ts';
import type { Db } from '../store/db.ts';
import { CSRF_HEADER, csrfMatches, findSession, SESSION_COOKIE, type Session } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in session, set by requireSession; null elsewhere */
    auth: Session | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafeMethod = (method: string) => UNSAFE.has(method.toUpperCase());

export function sessionCookieOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}

/** 403 CSRF_FAILED unless a write carries the session's token */
export function checkCsrf(req: FastifyRequest, session: Session): void {
  if (isUnsafeMethod(req.method) && !csrfMatches(session, req.headers[CSRF_HEADER]))
    throw new HttpProblem(
      'CSRF_FAILED',
      `send the csrfToken from login or GET /api/v1/me in the ${CSRF_HEADER} header`,
    );
}

export function requireSession(db: Db) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const session = await findSession(db, sessionCookieOf(req));
    if (!session) throw new HttpProblem('UNAUTHENTICATED');
    checkCsrf(req, session);
    req.auth = session;
  };
}
