/**
 * Signing in and out with e-mail and password, and who am I:
 *
 * - POST /api/v1/auth/login sets the session cookie (HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS)
 *   and returns the user, their organisations and roles, and the session's CSRF token. Every failure is the
 *   same 401 LOGIN_FAILED, whether the e-mail is unknown, the password wrong or the user disabled. Attempts
 *   are limited per e-mail at one client address, per e-mail and per client address (429 RATE_LIMITED with
 *   Retry-After), by counters in the database that every server process shares.
 * - POST /api/v1/auth/logout ends the session (CSRF token required) and clears the cookie.
 * - GET /api/v1/me: the signed-in user, or 401 UNAUTHENTICATED. With an API token (Authorization: Bearer):
 *   its user, the token's organisation only, the token (id, name, scopes) and no CSRF token.
 */

import type { Db, Limit } from '@icpdesk/store';
import {
  AttemptLimiter,
  DEFAULT_SESSION_TTL_MS,
  findSession,
  PASSWORD_MAX_CHARS,
  SESSION_COOKIE,
  signIn,
  signOut,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limitAddress } from '../client-address.ts';
import { checkCsrf, requireSession, sessionCookieOf } from '../guard.ts';
import { meSchema, presentMe } from '../presenters/me.ts';
import { HttpProblem } from '../problems.ts';

/** failed sign-ins allowed per window, by what they are counted */
export interface LoginLimits {
  /** one e-mail from one client address (a user who mistypes; a success starts it over) */
  emailAtAddress: Limit;
  /** one e-mail from any address (guessing one account's password from many addresses) */
  email: Limit;
  /** one client address, any e-mail (trying many accounts from one address) */
  address: Limit;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  emailAtAddress: { max: 10, windowMs: FIFTEEN_MINUTES },
  email: { max: 50, windowMs: FIFTEEN_MINUTES },
  address: { max: 30, windowMs: FIFTEEN_MINUTES },
};

/** the counters of a sign-in attempt */
function loginCounters(limits: LoginLimits, email: string, ip: string) {
  const address = limitAddress(ip);
  return [
    {
      kind: 'login-email-address',
      subject: `${email}\n${address}`,
      limit: limits.emailAtAddress,
      resetOnSuccess: true,
    },
    { kind: 'login-email', subject: email, limit: limits.email },
    { kind: 'login-address', subject: address, limit: limits.address },
  ];
}

export interface AuthRoutesOptions {
  db: Db;
  /** failed sign-ins allowed (DEFAULT_LOGIN_LIMITS where not given) */
  loginLimits?: Partial<LoginLimits>;
  sessionTtlMs?: number;
}

export const cookieOptions = (req: FastifyRequest) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  path: '/',
  // req.protocol is https on a TLS socket, or behind a trusted proxy that says X-Forwarded-Proto: https
  secure: req.protocol === 'https',
});

function clearCookie(req: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** the session cookie of a new session (login, an accepted invitation) */
export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  session: { cookieValue: string; expiresAt: string },
) {
  reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    ...cookieOptions(req),
    expires: new Date(session.expiresAt),
  });
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, o) => {
  const { db } = o;
  const limiter = new AttemptLimiter(db);
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...o.loginLimits };
  const ttl = o.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        security: [],
        problems: ['LOGIN_FAILED', 'RATE_LIMITED', 'DB_UNAVAILABLE'],
        body: z.object({
          email: z.string().trim().toLowerCase().min(1).max(254),
          password: z.string().min(1).max(PASSWORD_MAX_CHARS),
        }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const attempt = await limiter.begin(loginCounters(limits, email, req.ip));
      const wait = attempt.retryAfter;
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new HttpProblem('RATE_LIMITED', {
          zh: `登录失败次数过多，请 ${wait} 秒后再试`,
          en: `too many failed sign-ins; try again in ${wait} s`,
        });
      }
      const signedIn = await signIn(db, { email, password, address: req.ip, ttlMs: ttl });
      if (!signedIn.ok) {
        throw new HttpProblem('LOGIN_FAILED');
      }
      await attempt.succeeded();
      const { user: u, session } = signedIn;
      setSessionCookie(req, reply, session);
      return presentMe(u, session.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'Sign out: ends the session and clears the cookie (X-CSRF-Token required)',
        // without a session there is nothing to end: the cookie is cleared all the same
        security: [{}, { session: [], csrf: [] }],
        problems: ['CSRF_FAILED', 'DB_UNAVAILABLE'],
        response: { 204: z.null().describe('signed out') },
      },
    },
    async (req, reply) => {
      const session = await findSession(db, sessionCookieOf(req));
      if (session) {
        checkCsrf(req, session);
        await signOut(db, session, req.ip);
      }
      clearCookie(req, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      preHandler: requireSession(db),
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: 'The signed-in user, their organisations and roles, and the CSRF token (or the API token)',
        response: { 200: meSchema },
      },
    },
    async (req) => {
      const a = req.auth!;
      return a.kind === 'token' ? presentMe(a.user, null, a.token) : presentMe(a.user, a.session.csrfToken);
    },
  );
};
