/**
 * Invitations by link (rules in ../../auth/invitations.ts):
 *
 * - POST   /api/v1/invitations               invite an e-mail with a role (owner, admin; an owner only by an
 *                                            owner; companyIds for a client); the link token is in this
 *                                            response only, as `path` (/invite/<token>) and `token`; with
 *                                            an enabled e-mail channel the link is also e-mailed to the
 *                                            invitee right after the answer (`emailed`: sending)
 * - GET    /api/v1/invitations               the pending invitations with their e-mail status (owner, admin)
 * - POST   /api/v1/invitations/:id/resend    a fresh link for a pending invitation (the old one stops
 *                                            working), e-mailed like a new one; answered like POST
 * - DELETE /api/v1/invitations/:id           revoke (owner, admin)
 *
 * The e-mail goes out after the answer, in this process (why not through the worker's queue: see
 * store notifications/invitation-mail.ts); its outcome is recorded on the invitation (`mail`). Closing the
 * app waits for the sends under way.
 * - GET    /api/v1/invitations/accept/:token anonymous: the organisation's name, the role and the e-mail
 * - POST   /api/v1/invitations/accept        {token, password?, name?}: a new account chooses a password; an
 *                                            existing one must be signed in as the invited e-mail (cookie +
 *                                            X-CSRF-Token). Signs in and answers like login.
 *
 * Unknown, used, revoked and expired links are 404 INVITATION_NOT_FOUND / 410 INVITATION_ACCEPTED |
 * INVITATION_REVOKED | INVITATION_EXPIRED; such failures are limited per client address like sign-ins
 * (429 RATE_LIMITED with Retry-After), by counters in the database that every server process shares.
 */

import type { Db, Limit } from '@icpdesk/store';
import {
  AttemptLimiter,
  acceptInvitation,
  authErrors as accountErrors,
  choosePassword,
  createInvitation,
  createSession,
  findSession,
  INVITATION_MAX_TTL_DAYS,
  INVITATION_TTL_DAYS,
  type Invitation,
  invitationMailStart,
  listPendingInvitations,
  normaliseEmail,
  PASSWORD_MAX_CHARS,
  passwordProblem,
  previewInvitation,
  reissueInvitation,
  revokeInvitation,
  roles,
  type Scope,
  sendInvitationMail,
  sessionUser,
} from '@icpdesk/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limitAddress } from '../client-address.ts';
import { checkCsrf, requireSession, sessionCookieOf } from '../guard.ts';
import {
  createdInvitationSchema,
  invitationPath,
  invitationPreviewSchema,
  invitationSchema,
  presentCreatedInvitation,
} from '../presenters/invitations.ts';
import { meSchema, presentMe } from '../presenters/me.ts';
import { HttpProblem, langOf } from '../problems.ts';
import { idParams, langQuery, notFound as notFoundProblem, pageOf, pageQuery, text } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { problemCodeOf } from '../store-errors.ts';
import { setSessionCookie } from './auth.ts';

export interface InvitationRoutesOptions {
  db: Db;
  /** failed link look-ups per client address; default DEFAULT_LINK_LIMIT */
  linkLimit?: Limit;
}

const DEFAULT_LINK_LIMIT: Limit = { max: 20, windowMs: 15 * 60 * 1000 };

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((e) => {
    try {
      normaliseEmail(e);
      return true;
    } catch {
      return false;
    }
  }, 'an e-mail address');

const createBody = z
  .strictObject({
    email,
    role: z.enum(roles),
    companyIds: z
      .array(z.string().min(1).max(100))
      .max(1000)
      .default([])
      .describe('role client only: ids of the organisation’s companies it will see'),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(INVITATION_MAX_TTL_DAYS)
      .optional()
      .describe(`how long the link is valid; default ${INVITATION_TTL_DAYS} days`),
  })
  .refine((b) => b.role === 'client' || b.companyIds.length === 0, {
    message: 'only an invitation with role client names companies',
    path: ['companyIds'],
  });

const tokenParam = z.string().min(1).max(200);

/**
 * where the web app is reached, for links in e-mails: ICPDESK_PUBLIC_URL (docs/DEPLOY.md) when set, else the
 * request's own origin (its scheme as a trusted proxy reports it)
 */
const publicOrigin = (req: FastifyRequest) =>
  process.env.ICPDESK_PUBLIC_URL?.trim() || `${req.protocol}://${req.host}`;

/** the link failures that count towards the limit: someone trying links rather than using one */
const LINK_FAILURES = new Set([
  'INVITATION_NOT_FOUND',
  'INVITATION_EXPIRED',
  'INVITATION_ACCEPTED',
  'INVITATION_REVOKED',
]);

const tag = ['organisation'];
/** what an invitation link may be answered with */
const LINK_PROBLEMS = [
  'INVITATION_NOT_FOUND',
  'INVITATION_EXPIRED',
  'INVITATION_ACCEPTED',
  'INVITATION_REVOKED',
  'RATE_LIMITED',
  'DB_UNAVAILABLE',
] as const;

export const invitationRoutes: FastifyPluginAsyncZod<InvitationRoutesOptions> = async (app, o) => {
  const { db } = o;
  const limiter = new AttemptLimiter(db);
  const limit = o.linkLimit ?? DEFAULT_LINK_LIMIT;
  const preValidation = requireSession(db);

  /** the e-mails under way, which closing the app waits for */
  const sending = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...sending]);
  });
  /** answers with the link of `made`, then e-mails it (with a channel); the outcome is recorded on the invitation */
  function answerThenSend(
    req: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    made: { invitation: Invitation; token: string },
    mail: 'sending' | 'no-channel',
  ) {
    reply.send(presentCreatedInvitation(made, mail));
    if (mail === 'no-channel') return reply;
    const { invitation, token } = made;
    const sent = sendInvitationMail(db, scope, {
      invitationId: invitation.id,
      email: invitation.email,
      role: invitation.role,
      token,
      link: new URL(invitationPath(token), publicOrigin(req)).toString(),
      expiresAt: invitation.expiresAt,
    }).then((outcome) => {
      if (outcome === 'failed') req.log.warn({ invitation: invitation.id }, 'invitation e-mail not sent');
    });
    sending.add(sent);
    void sent.finally(() => sending.delete(sent));
    return reply;
  }

  /** runs a look-up of a link, refused while the address has too many failed ones, and counts failures */
  async function limited<T>(req: FastifyRequest, reply: FastifyReply, run: () => Promise<T>): Promise<T> {
    const attempt = await limiter.begin([
      { kind: 'invitation-address', subject: limitAddress(req.ip), limit },
    ]);
    const wait = attempt.retryAfter;
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new HttpProblem('RATE_LIMITED', {
        zh: `无效的邀请链接过多，请 ${wait} 秒后再试`,
        en: `too many invalid invitation links; try again in ${wait} s`,
      });
    }
    let result: T;
    try {
      result = await run();
    } catch (e) {
      if (!LINK_FAILURES.has(problemCodeOf(e) ?? '')) await attempt.succeeded();
      throw e;
    }
    await attempt.succeeded();
    return result;
  }

  app.post(
    '/api/v1/invitations',
    {
      preValidation,
      config: { location: '/api/v1/invitations/{invitation.id}' },
      schema: {
        operationId: 'createInvitation',
        problems: ['ALREADY_MEMBER', 'COMPANY_UNKNOWN'],
        tags: tag,
        summary: 'Invite an e-mail address with a role (owner, admin); the link is in this response only',
        querystring: langQuery,
        body: createBody,
        response: {
          201: createdInvitationSchema,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const scope = scopeOf(req);
      const mail = await invitationMailStart(db, scope.organisationId);
      const made = await createInvitation(db, scope, {
        email: b.email,
        role: b.role,
        companyIds: b.companyIds,
        mail,
        ...(b.expiresInDays ? { ttlDays: b.expiresInDays } : {}),
      });
      return answerThenSend(req, reply.status(201), scope, made, mail);
    },
  );

  app.post(
    '/api/v1/invitations/:id/resend',
    {
      preValidation,
      schema: {
        operationId: 'resendInvitation',
        problems: [
          'INVITATION_ACCEPTED',
          'INVITATION_REVOKED',
          'INVITATION_EXPIRED',
          'INVITATION_MAIL_SENDING',
        ],
        tags: tag,
        summary:
          'A fresh link for a pending invitation, e-mailed again (owner, admin); the old link stops working, the expiry stays',
        params: idParams,
        querystring: langQuery,
        response: { 200: createdInvitationSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const mail = await invitationMailStart(db, scope.organisationId);
      const made = await reissueInvitation(db, scope, req.params.id, mail);
      if (!made) throw notFoundProblem('invitation', req.params.id);
      return answerThenSend(req, reply.status(200), scope, made, mail);
    },
  );

  app.get(
    '/api/v1/invitations',
    {
      preValidation,
      schema: {
        operationId: 'listInvitations',
        tags: tag,
        summary: 'The pending invitations (not accepted, revoked or expired) (owner, admin)',
        querystring: pageQuery,
        response: { 200: pageOf(invitationSchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      return listPendingInvitations(db, scopeOf(req), { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.delete(
    '/api/v1/invitations/:id',
    {
      preValidation,
      schema: {
        operationId: 'revokeInvitation',
        problems: ['INVITATION_ACCEPTED', 'INVITATION_REVOKED', 'INVITATION_EXPIRED'],
        tags: tag,
        summary: 'Revoke an invitation (owner, admin); its link stops working',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('revoked') },
      },
    },
    async (req, reply) => {
      const revoked = await revokeInvitation(db, scopeOf(req), req.params.id);
      if (!revoked) throw notFoundProblem('invitation', req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/invitations/accept/:token',
    {
      schema: {
        operationId: 'getInvitation',
        security: [],
        problems: LINK_PROBLEMS,
        tags: tag,
        summary: 'Anonymous: what an invitation link is for (organisation name, role, e-mail)',
        params: z.object({ token: tokenParam }),
        querystring: langQuery,
        response: {
          200: invitationPreviewSchema,
        },
      },
    },
    async (req, reply) => limited(req, reply, () => previewInvitation(db, req.params.token)),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      schema: {
        operationId: 'acceptInvitation',
        security: [{}, { session: [], csrf: [] }],
        problems: [
          ...LINK_PROBLEMS,
          'INVITATION_SIGN_IN_REQUIRED',
          'INVITATION_EMAIL_MISMATCH',
          'ALREADY_MEMBER',
          'PASSWORD_REJECTED',
          'CSRF_FAILED',
        ],
        tags: tag,
        summary:
          'Accept an invitation: a new account with a password, or the signed-in account of the invited e-mail; signs in',
        querystring: langQuery,
        body: z.strictObject({
          token: tokenParam,
          password: z
            .string()
            .min(1)
            .max(PASSWORD_MAX_CHARS)
            .optional()
            .describe('for a new account (at least 12 characters); ignored for an existing one'),
          name: text(200).optional().describe('for a new account: the user’s name'),
        }),
        response: {
          200: meSchema,
        },
      },
    },
    async (req, reply) => {
      const { token, password, name } = req.body;
      const session = await findSession(db, sessionCookieOf(req));
      const preview = await limited(req, reply, () => previewInvitation(db, token));
      const signedIn = session && session.user.email === preview.email ? session : undefined;
      if (signedIn) checkCsrf(req, signedIn);
      if (!preview.accountExists) {
        if (password === undefined)
          throw new HttpProblem('VALIDATION_FAILED', choosePassword, [
            {
              path: 'body.password',
              code: 'required',
              message: { zh: '新账户必须设置密码', en: 'required for a new account' },
            },
          ]);
        const rule = passwordProblem(password, preview.email);
        if (rule) {
          const message = accountErrors[rule][langOf(req)];
          throw new HttpProblem('PASSWORD_REJECTED', message, [
            { path: 'body.password', code: rule, message },
          ]);
        }
      }
      const accepted = await limited(req, reply, () =>
        acceptInvitation(db, {
          token,
          ...(session ? { signedIn: { id: session.user.id, email: session.user.email } } : {}),
          ...(preview.accountExists ? {} : { password: password! }),
          ...(name ? { name } : {}),
        }),
      );
      if (signedIn) {
        const user = await sessionUser(db, signedIn.user);
        return presentMe(user, signedIn.csrfToken);
      }
      const s = await createSession(db, accepted.userId);
      setSessionCookie(req, reply, s);
      const user = await sessionUser(db, { id: accepted.userId, email: accepted.email, name: name ?? null });
      return presentMe(user, s.csrfToken);
    },
  );
};
