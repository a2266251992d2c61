/**
 * Signing in and out with e-mail and password, and who am I:
 *
 * - POST /api/v1/auth/login sets the session cookie (HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS)
 *   and returns the user, their organisations and roles, and the session's CSRF token. Every failure is the
 *   same 401 LOGIN_FAILED, whether the e-mail is unknown, the password wrong or the user disabled; failures
 *   are limited per e-mail and client address (429 RATE_LIMITED with Retry-After).
 * - POST /api/v1/auth/logout ends the session (CSRF token required) and clears the cookie.
 * - GET /api/v1/me: the signed-in user, or 401 UNAUTHENTICATED. With an API token (Authorization: Bearer):
 *   its user, the token's organisation only, the token (id, name, scopes) and no CSRF token.
 */

import type { Db } from '@icpdesk/store';
import {
  createSession,
  DEFAULT_SESSION_TTL_MS,
  deleteSession,
  findSession,
  LoginLimiter,
  organisationsOf,
  PASSWORD_MAX_CHARS,
  roles,
  SESSION_COOKIE,
  type SessionUser,
  sessionUser,
  tokenScopes,
  verifyPassword,
  writeAudit,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkCsrf, requireSession, sessionCookieOf } from '../guard.ts';
import { HttpProblem } from '../problems.ts';

export interface AuthRoutesOptions {
  db: Db;
  /** failed sign-ins per e-mail and address; default 10 per 15 minutes */
  loginLimiter?: LoginLimiter;
  sessionTtlMs?: number;
}

export const me = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(roles) })),
  csrfToken: z
    .string()
    .nullable()
    .describe(
      'send it in the X-CSRF-Token header on POST, PUT, PATCH and DELETE; null when authenticated by an API token',
    ),
  token: z
    .object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(tokenScopes)) })
    .optional()
    .describe('the API token the request is authenticated by (absent for a session)'),
});

export const meBody = (u: SessionUser, csrfToken: string | null) => ({
  user: { id: u.id, email: u.email, name: u.name },
  organisations: u.organisations,
  csrfToken,
});

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
  const limiter = o.loginLimiter ?? new LoginLimiter();
  const ttl = o.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        security: [],
        problems: ['LOGIN_FAILED', 'RATE_LIMITED'],
        body: z.object({
          email: z.string().trim().toLowerCase().min(1).max(254),
          password: z.string().min(1).max(PASSWORD_MAX_CHARS),
        }),
        response: { 200: me },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const key = `${email}\n${req.ip}`;
      const wait = limiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new HttpProblem('RATE_LIMITED', {
          zh: `登录失败次数过多，请 ${wait} 秒后再试`,
          en: `too many failed sign-ins; try again in ${wait} s`,
        });
      }
      const user = await db.kysely
        .selectFrom('users')
        .select(['id', 'email', 'name', 'password_hash', 'disabled_at'])
        .where('email', '=', email)
        .executeTakeFirst();
      const ok = await verifyPassword(user?.password_hash, password);
      const address = { address: req.ip };
      if (!user || !ok || user.disabled_at !== null) {
        limiter.fail(key);
        if (user) {
          const orgs = await organisationsOf(db.kysely, user.id);
          await writeAudit(
            db.kysely,
            orgs.map((organisationId) => ({
              organisationId,
              actorId: user.id,
              actorLabel: user.email,
              entity: 'users',
              entityId: user.id,
              action: 'login-failed',
              after: address,
            })),
          );
        }
        throw new HttpProblem('LOGIN_FAILED');
      }
      limiter.succeed(key);
      const session = await createSession(db, user.id, ttl);
      const at = new Date().toISOString();
      await db.kysely.updateTable('users').set({ last_login_at: at }).where('id', '=', user.id).execute();
      const u = await sessionUser(db, user);
      await writeAudit(
        db.kysely,
        u.organisations.map((org) => ({
          organisationId: org.id,
          actorId: user.id,
          actorLabel: user.email,
          entity: 'users',
          entityId: user.id,
          action: 'login',
          after: address,
          at,
        })),
      );
      setSessionCookie(req, reply, session);
      return meBody(u, session.csrfToken);
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
        problems: ['CSRF_FAILED'],
        response: { 204: z.null().describe('signed out') },
      },
    },
    async (req, reply) => {
      const session = await findSession(db, sessionCookieOf(req));
      if (session) {
        checkCsrf(req, session);
        await deleteSession(db, session.idHash);
        const u = session.user;
        await writeAudit(
          db.kysely,
          u.organisations.map((org) => ({
            organisationId: org.id,
            actorId: u.id,
            actorLabel: u.email,
            entity: 'users',
            entityId: u.id,
            action: 'logout',
            after: { address: req.ip },
          })),
        );
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
        response: { 200: me },
      },
    },
    async (req) => {
      const a = req.auth!;
      if (a.kind === 'token') {
        const { id, name, scopes } = a.token;
        return { ...meBody(a.user, null), token: { id, name, scopes } };
      }
      return meBody(a.user, a.session.csrfToken);
    },
  );
};
