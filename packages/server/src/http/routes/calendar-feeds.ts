/**
 * iCalendar feeds of obligations at secret, revocable URLs (issue #11 §4; store: calendar-feeds.ts):
 *
 * - POST   /api/v1/calendar-feeds       make a feed of the organisation or of one company (owner, admin);
 *                                       its secret URL is in this response only
 * - GET    /api/v1/calendar-feeds       the organisation's feeds, without secrets (owner, admin)
 * - DELETE /api/v1/calendar-feeds/:id   revoke (owner, admin); the URL stops answering at once
 * - GET    /api/v1/ical/:secret         the feed itself, text/calendar, for calendar applications: no sign-in,
 *                                       the secret is the credential; 404 once revoked
 *
 * The feed is computed on every read, as of today in China (../ical.ts renders it).
 */
import {
  type CalendarFeed,
  createCalendarFeed,
  feedLanguages,
  listCalendarFeeds,
  listObligations,
  obligationsOfOrganisation,
  openCalendarFeed,
  revokeCalendarFeed,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { obligationsCalendar } from '../ical.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, langQuery, pageOf, pageQuery, type ResourceRoutesOptions, text } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

/** alarm offsets when a feed is made without its own: display policy, not law */
export const DEFAULT_ALARM_DAYS = [30, 7, 1] as const;
const ICS_TYPE = 'text/calendar; charset=utf-8';

export const calendarFeedSchema = z.object({
  id: z.string(),
  name: z.string(),
  companyId: z.string().nullable().describe('the company the feed shows; null: the whole organisation'),
  language: z.enum(feedLanguages).describe('zh: Chinese; en: English with the Chinese'),
  alarmDays: z.array(z.number().int()).describe('alarms ring this many days before each due day'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('to within a few minutes'),
  revokedAt: z.string().nullable(),
});

const createBody = z.strictObject({
  name: text(100),
  companyId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('a company of the organisation; absent: all of it'),
  language: z.enum(feedLanguages).default('zh'),
  alarmDays: z
    .array(z.number().int().min(0).max(365))
    .max(10)
    .optional()
    .describe(`days before each due day an alarm rings; default ${DEFAULT_ALARM_DAYS.join(', ')}`),
});

const secretParams = z.object({ secret: z.string().min(1).max(100) });
const tags = ['obligations'];

const feedNotFound = () =>
  new HttpProblem('NOT_FOUND', {
    zh: '没有这个日历订阅，或它已被撤销',
    en: 'no such calendar feed, or it was revoked',
  });

export const calendarFeedRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  const urlOf = (secret: string) => `/api/v1/ical/${secret}`;

  app.post(
    '/api/v1/calendar-feeds',
    {
      preValidation,
      config: { location: '/api/v1/calendar-feeds/{feed.id}' },
      schema: {
        operationId: 'createCalendarFeed',
        tags,
        summary:
          'Make an iCalendar feed of the organisation’s or one company’s obligations (owner, admin); its secret URL is shown in this response only',
        problems: ['COMPANY_UNKNOWN'],
        querystring: langQuery,
        body: createBody,
        response: {
          201: z.object({
            feed: calendarFeedSchema,
            url: z.string().describe('the feed’s path (append to the server’s address); not shown again'),
          }),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const made = await createCalendarFeed(db, scopeOf(req), {
        name: b.name,
        companyId: b.companyId ?? null,
        language: b.language,
        alarmDays: b.alarmDays ?? [...DEFAULT_ALARM_DAYS],
      });
      return reply.status(201).send({ feed: made.feed, url: urlOf(made.secret) });
    },
  );

  app.get(
    '/api/v1/calendar-feeds',
    {
      preValidation,
      schema: {
        operationId: 'listCalendarFeeds',
        tags,
        summary: 'The organisation’s calendar feeds, without their secrets (owner, admin)',
        querystring: pageQuery,
        response: { 200: pageOf(calendarFeedSchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      return listCalendarFeeds(db, scopeOf(req), { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.delete(
    '/api/v1/calendar-feeds/:id',
    {
      preValidation,
      schema: {
        operationId: 'revokeCalendarFeed',
        tags,
        summary: 'Revoke a calendar feed (owner, admin); its URL stops answering at once',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('revoked') },
      },
    },
    async (req, reply) => {
      const revoked = await revokeCalendarFeed(db, scopeOf(req), req.params.id);
      if (!revoked) throw feedNotFound();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/ical/:secret',
    {
      schema: {
        operationId: 'calendarFeed',
        tags,
        summary: 'A calendar feed (text/calendar): the obligations with their due days and alarms',
        security: [],
        problems: ['NOT_FOUND', 'DB_UNAVAILABLE'],
        params: secretParams,
        produces: ['text/calendar'],
        response: { 200: z.unknown().describe('the iCalendar (RFC 5545) text') },
      },
    },
    async (req, reply) => {
      const feed = await openCalendarFeed(db, req.params.secret);
      if (!feed) throw feedNotFound();
      const today = clock.today();
      const result = await feedObligations(feed, today);
      if (!result) throw feedNotFound();
      const body = obligationsCalendar(result.list, {
        name: result.name,
        language: feed.language,
        alarmDays: feed.alarmDays,
        now: clock.now(),
      });
      return reply
        .header('content-type', ICS_TYPE)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  /** the feed's obligations: the organisation's, or its company's (read as the organisation, unscoped) */
  async function feedObligations(
    feed: CalendarFeed & { organisationId: string; organisationName: string },
    today: string,
  ) {
    const title = { zh: '义务日历', en: 'Obligations' };
    const suffix = feed.language === 'en' ? `${title.en} / ${title.zh}` : title.zh;
    if (!feed.companyId) {
      const list = await obligationsOfOrganisation(db, kb, feed.organisationId, today);
      return { list, name: `${feed.organisationName} ${suffix}` };
    }
    // the company is read through an owner's eyes in the feed's organisation (the feed's maker is a manager)
    const scope = {
      organisationId: feed.organisationId,
      userId: feed.createdBy ?? '',
      role: 'owner' as const,
    };
    const list = await listObligations(db, kb, scope, { companyId: feed.companyId, asOf: today });
    if (!list) return undefined;
    const company = await db.kysely
      .selectFrom('companies')
      .select('name')
      .where('id', '=', feed.companyId)
      .executeTakeFirst();
    return { list, name: `${company?.name ?? feed.organisationName} ${suffix}` };
  }
};
