/**
 * The HTTP application: Fastify with zod schemas on every route (requests and responses), OpenAPI 3.1 at
 * /api/openapi.json, browsable docs at /api/docs, and every error as problem+json with a stable code.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kb } from '@icpdesk/kb';
import {
  type Clock,
  type Db,
  installationSecret,
  RepoError,
  StoredFileError,
  systemClock,
  withClock,
} from '@icpdesk/store';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { clientErrorHandler } from './client-errors.ts';
import { applyContract, serializerCompiler } from './contract.ts';
import { expandUnions, issueMessage } from './issue-messages.ts';
import { swaggerOptions } from './openapi.ts';
import { HttpProblem, langOf, sendProblem } from './problems.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { boundRequests, multipartError } from './request-bounds.ts';
import { accessRoutes } from './routes/access.ts';
import { applicationDraftRoutes } from './routes/application-drafts.ts';
import { applicationPrecheckRoutes } from './routes/application-precheck.ts';
import { applicationRoutes } from './routes/applications.ts';
import { assessmentRoutes } from './routes/assessments.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes, type LoginLimits } from './routes/auth.ts';
import { calendarFeedRoutes } from './routes/calendar-feeds.ts';
import { companyRoutes } from './routes/companies.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { impactRoutes } from './routes/impact.ts';
import { licenceRoutes } from './routes/licences.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { obligationRecordRoutes } from './routes/obligation-records.ts';
import { obligationRoutes } from './routes/obligations.ts';
import { registerRoutes } from './routes/register.ts';
import { statelessRoutes } from './routes/stateless.ts';
import { wizardRoutes } from './routes/wizard.ts';
import { docsCsp, frameworkHeaders, securityHeaders } from './security-headers.ts';
import { storeProblem } from './store-errors.ts';
import { webApp } from './web-app.ts';

export interface AppOptions {
  kb: Kb;
  /** readiness of the database; absent when the app runs without one */
  dbCheck?: () => Promise<{ dialect: string }>;
  /**
   * anonymous endpoints: requests per minute per client address and route; false turns the limit off. Counted
   * in the database when there is one (shared by every server process on it), else in memory.
   */
  rateLimitPerMinute?: number | false;
  logger?: FastifyServerOptions['logger'];
  /** largest request body in bytes (uploads) */
  bodyLimit?: number;
  version?: string;
  /** also encode problems by each route's schema, so that a code a route does not declare fails (tests) */
  validateResponses?: boolean;
  /** the database; without it the app serves the anonymous endpoints only (no sign-in) */
  db?: Db;
  /**
   * behind reverse proxies: their addresses or CIDR ranges (parseTrustedProxies). X-Forwarded-For/-Proto
   * (client address, HTTPS for Secure cookies) are believed from these peers only; default none.
   */
  trustProxy?: readonly string[];
  /** failed sign-ins allowed (DEFAULT_LOGIN_LIMITS where not given) */
  loginLimits?: Partial<LoginLimits>;
  sessionTtlMs?: number;
  /** the data directory (uploaded documents live under it); default ./data */
  dataDir?: string;
  /** signs pagination cursors (ICPDESK_SECRET); default: a random secret kept in the database's settings */
  secret?: string;
  /** now, and today in China (default the system clock); tests fix the date with fixedClock */
  clock?: Clock;
  /** the built web app (packages/web/dist) to serve from / (./web-app.ts); none when absent or not built */
  webDir?: string;
}

export async function buildApp(given: AppOptions): Promise<FastifyInstance> {
  // one clock for the routes and the database they write through (Db.clock)
  const clock = given.clock ?? given.db?.clock ?? systemClock();
  const o = given.db ? { ...given, db: withClock(given.db, clock) } : given;
  const app = Fastify({
    logger: o.logger ?? false,
    bodyLimit: o.bodyLimit ?? 1 << 20,
    // X-Forwarded-For and -Proto are believed from the listed proxies only; otherwise the socket's address
    trustProxy: o.trustProxy?.length ? [...o.trustProxy] : false,
    // errors found while routing (before any route's handlers) answer as problems too
    // requests Node cannot parse (431 among them) answer as problems too
    clientErrorHandler,
    frameworkErrors: (err, req, reply) => {
      frameworkHeaders(req, reply);
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
        return sendProblem(req, reply, 'URI_TOO_LONG', {
          zh: '路径中某一段超过 100 个字符',
          en: 'a path segment is longer than 100 characters',
        });
      return sendProblem(req, reply, 'VALIDATION_FAILED', err.message);
    },
  }).withTypeProvider<ZodTypeProvider>();
  // JSON and multipart only: a text body is refused with 415 rather than parsed as a string
  app.removeContentTypeParser(['text/plain']);
  // JSON depth, multipart boundaries, and no kept-alive connection with an unread body
  boundRequests(app);
  app.setValidatorCompiler(validatorCompiler);
  // responses are encoded by their schemas (./contract.ts): a field a schema does not list never leaves
  app.setSerializerCompiler(serializerCompiler(o.validateResponses ?? false));
  applyContract(app);
  await app.register(cookie);
  // CSP, frame protection, nosniff, Referrer-Policy (helmet); no-store on JSON
  await securityHeaders(app);
  app.decorateRequest('auth', null);

  await app.register(swagger, swaggerOptions(o.version ?? '0.1.0'));
  await app.register(swaggerUi, { routePrefix: '/api/docs', ...docsCsp });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (o.rateLimitPerMinute !== false)
    await app.register(rateLimit, {
      global: false,
      max: o.rateLimitPerMinute ?? 300,
      timeWindow: '1 minute',
      ...(o.db ? { store: databaseRateLimitStore(o.db) } : {}),
      errorResponseBuilder: (_req, ctx) =>
        new HttpProblem('RATE_LIMITED', {
          zh: `请求次数上限：${ctx.max} 次 / ${ctx.after}`,
          en: `limit ${ctx.max} per ${ctx.after}`,
        }),
    });

  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, 'NOT_FOUND', `${req.method} ${req.url}`));
  app.setErrorHandler((err: FastifyError | HttpProblem, req, reply) => {
    if (err instanceof HttpProblem) return sendProblem(req, reply, err.code, err.detail, err.errors);
    // a store function's refusal: handlers call the store and let it go
    const fromStore = storeProblem(err, req.url);
    if (fromStore) {
      if (err instanceof StoredFileError) req.log.error({ err }, 'stored document file failed its check');
      if (fromStore.code === 'DB_UNAVAILABLE') req.log.error({ err }, 'the database cannot be reached');
      return sendProblem(req, reply, fromStore.code, fromStore.detail, fromStore.errors);
    }
    if (err instanceof RepoError) {
      req.log.error({ err }, `RepoError code ${err.code} is not in the problem catalogue`);
      return sendProblem(req, reply, 'INTERNAL');
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const lang = langOf(req);
      const items = expandUnions(err.validation);
      return sendProblem(
        req,
        reply,
        'VALIDATION_FAILED',
        lang === 'zh'
          ? `请求的 ${err.validationContext ?? 'body'} 有 ${items.length} 处问题`
          : `${items.length} problem(s) in the request ${err.validationContext ?? 'body'}`,
        items.map((v) => ({
          path: `${err.validationContext ?? 'body'}${v.instancePath
            .replace(/\/$/, '')
            .replace(/\//g, '.')
            .replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`,
          code: v.keyword,
          message: issueMessage(v, lang),
        })),
      );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendProblem(req, reply, 'INTERNAL');
    }
    const malformed = multipartError(err);
    if (malformed) return sendProblem(req, reply, malformed.code, malformed.detail);
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendProblem(req, reply, 'UNSUPPORTED_MEDIA_TYPE', err.message);
    if (
      code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
      code === 'FST_REQ_FILE_TOO_LARGE' ||
      code === 'FST_FILES_LIMIT'
    )
      return sendProblem(req, reply, 'PAYLOAD_TOO_LARGE', err.message);
    if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500)
      return sendProblem(req, reply, 'VALIDATION_FAILED', err.message);
    req.log.error({ err }, 'unhandled error');
    return sendProblem(req, reply, 'INTERNAL');
  });

  await app.register(healthRoutes, { kb: o.kb, ...(o.dbCheck ? { dbCheck: o.dbCheck } : {}) });
  await app.register(statelessRoutes, { kb: o.kb, clock, rateLimited: o.rateLimitPerMinute !== false });
  await app.register(wizardRoutes, { kb: o.kb, clock, rateLimited: o.rateLimitPerMinute !== false });
  if (o.db)
    await app.register(authRoutes, {
      db: o.db,
      ...(o.loginLimits ? { loginLimits: o.loginLimits } : {}),
      ...(o.sessionTtlMs ? { sessionTtlMs: o.sessionTtlMs } : {}),
    });
  if (o.db) {
    // one cursor key for every process on the database, unless the operator gives one
    o.db.cursors.useSecret(o.secret || (await installationSecret(o.db, 'cursor-secret')));
    await app.register(companyRoutes, { db: o.db, kb: o.kb });
    const resources = { db: o.db, kb: o.kb, dataDir: o.dataDir ?? 'data', clock };
    await app.register(accessRoutes, resources);
    await app.register(assessmentRoutes, resources);
    await app.register(applicationRoutes, resources);
    await app.register(applicationPrecheckRoutes, resources);
    await app.register(applicationDraftRoutes, resources);
    await app.register(licenceRoutes, resources);
    await app.register(registerRoutes, resources);
    await app.register(impactRoutes, resources);
    await app.register(documentRoutes, resources);
    await app.register(auditRoutes, resources);
    await app.register(obligationRoutes, resources);
    await app.register(obligationRecordRoutes, resources);
    await app.register(calendarFeedRoutes, resources);
    await app.register(notificationRoutes, resources);
  }
  if (o.webDir) await webApp(app, o.webDir);
  return app;
}
