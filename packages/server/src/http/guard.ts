/**
 * `requireSession(db)`: the preValidation/preHandler of every route that needs a signed-in user. Two ways
 * in, and `req.auth` says which:
 *
 * - `Authorization: Bearer icpd_…`, an API token (./tokens.ts). It is decisive when present: an unknown,
 *   revoked or expired token, a disabled user or one no longer a member is 401 UNAUTHENTICATED, without
 *   falling back to the cookie. No CSRF token is needed (a browser never adds this header on its own). The
 *   token's scopes gate the method here — reads need `read`, `write` or `admin`; writes need `write` or
 *   `admin` (403 FORBIDDEN) — and the repositories check `write`/`admin` precisely (mustWrite, mustManage).
 * - otherwise the session cookie (401 UNAUTHENTICATED without a live session) and, because the browser
 *   sends a cookie on its own, the session's CSRF token in X-CSRF-Token on POST, PUT, PATCH and DELETE
 *   (403 CSRF_FAILED).
 *
 * Routes without this guard (anonymous, stateless) are not affected.
 */

import type { Db } from '@icpdesk/store';
import {
  authenticateToken,
  CSRF_HEADER,
  csrfMatches,
  findSession,
  SESSION_COOKIE,
  type Session,
  type SessionUser,
  type TokenPrincipal,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.ts';

/** who a request is authenticated as: a session (cookie) or an API token (bearer), never both */
export type Auth =
  | { kind: 'session'; user: SessionUser; session: Session; token?: undefined }
  | { kind: 'token'; user: SessionUser; token: TokenPrincipal; session?: undefined };

declare module 'fastify' {
  interface FastifyRequest {
    /** set by requireSession; null elsewhere */
    auth: Auth | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafeMethod = (method: string) => UNSAFE.has(method.toUpperCase());

export function sessionCookieOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}

/** the secret of an `Authorization: Bearer …` header, '' for a bearer header without one, else undefined */
export function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^\s*bearer(?:\s+(.*))?$/i.exec(h);
  return m ? (m[1] ?? '').trim() : undefined;
}

/** 403 CSRF_FAILED unless a write carries the session's token */
export function checkCsrf(req: FastifyRequest, session: Session): void {
  if (isUnsafeMethod(req.method) && !csrfMatches(session, req.headers[CSRF_HEADER]))
    throw new HttpProblem('CSRF_FAILED', {
      zh: `请在 ${CSRF_HEADER} 请求头中发送登录或 GET /api/v1/me 返回的 csrfToken`,
      en: `send the csrfToken from login or GET /api/v1/me in the ${CSRF_HEADER} header`,
    });
}

/** 403 FORBIDDEN unless the token's scopes allow the request's method at all */
export function checkTokenMethod(req: FastifyRequest, token: TokenPrincipal): void {
  const has = (s: string) => token.scopes.includes(s as TokenPrincipal['scopes'][number]);
  if (isUnsafeMethod(req.method)) {
    if (!has('write') && !has('admin'))
      throw new HttpProblem('FORBIDDEN', {
        zh: '该 API 令牌既没有写入权限（write），也没有管理权限（admin）',
        en: 'this API token has neither the write nor the admin scope',
      });
  } else if (!has('read') && !has('write') && !has('admin'))
    throw new HttpProblem('FORBIDDEN', {
      zh: '该 API 令牌没有允许读取的权限',
      en: 'this API token has no scope that allows reading',
    });
}

/** who the request is authenticated as (bearer token or session cookie), or undefined; checks CSRF */
export async function authenticate(db: Db, req: FastifyRequest): Promise<Auth | undefined> {
  const bearer = bearerOf(req);
  if (bearer !== undefined) {
    const token = await authenticateToken(db, bearer);
    if (!token) return undefined;
    checkTokenMethod(req, token);
    return { kind: 'token', user: token.user, token };
  }
  const session = await findSession(db, sessionCookieOf(req));
  if (!session) return undefined;
  checkCsrf(req, session);
  return { kind: 'session', user: session.user, session };
}

export function requireSession(db: Db) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const auth = await authenticate(db, req);
    if (!auth)
      throw new HttpProblem(
        'UNAUTHENTICATED',
        bearerOf(req) !== undefined
          ? {
              zh: 'API 令牌不存在、已撤销或已过期，或其用户已不是有效成员',
              en: 'the API token is unknown, revoked or expired, or its user is no longer an active member',
            }
          : undefined,
      );
    req.auth = auth;
  };
}
