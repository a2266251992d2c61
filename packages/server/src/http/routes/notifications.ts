/**
 * Reminders (tag "notifications"; issue #11 §5, docs/REMINDERS.md):
 *
 * - GET/PUT /api/v1/notification-settings        offsets, overdue daily, roles, quiet hours, language (owner, admin)
 * - GET/POST /api/v1/notification-channels       e-mail, WeCom, DingTalk, Feishu, in-app (owner, admin)
 * - PUT/DELETE /api/v1/notification-channels/:id a channel; a secret left out keeps the stored one
 * - POST /api/v1/notification-channels/:id/test  sends a test message now (robots: the group; e-mail and
 *                                                in-app: the caller) and says whether it went
 * - GET /api/v1/notification-deliveries          the delivery log, newest first (owner, admin)
 * - GET /api/v1/notifications                    the caller's in-app notifications (any member)
 * - POST /api/v1/notifications/:id/read          marks one read
 *
 * A robot's URL that is or resolves to an internal address (loopback, link-local, private, cloud metadata) is
 * refused when written (422 WEBHOOK_ADDRESS_REFUSED) and again when sent to (the store's webhook guard), unless
 * the operator opted in with ICPDESK_WEBHOOK_ALLOW_PRIVATE=1.
 *
 * Secrets (SMTP password, signing secrets, webhook keys and tokens) are written, never read back: answers
 * show `hasSecret`/`hasPassword` and masked URLs; errors in the log are masked the same way.
 */
import {
  type Channel,
  type ChannelConfig,
  channelKinds,
  channelSecrets,
  createChannel,
  deleteChannel,
  deliveryLog,
  findChannel,
  findNotification,
  listChannels,
  listNotifications,
  markNotificationRead,
  mustManage,
  newId,
  notificationSettings,
  publicChannel,
  redactSecrets,
  roles,
  type Scope,
  saveNotificationSettings,
  sendThrough,
  updateChannel,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
  .meta({ examples: ['22:00'] });

export const notificationSettingsSchema = z
  .object({
    offsets: z.array(z.number().int().min(0).max(366)).max(12).describe('days before the due day'),
    overdueDaily: z.boolean().describe('one reminder a day while overdue'),
    roles: z
      .array(z.enum(roles))
      .max(roles.length)
      .describe('members with these roles get e-mail and in-app'),
    quietHours: z
      .object({ start: hhmm, end: hhmm })
      .nullable()
      .describe('Asia/Shanghai; reminders wait until they end'),
    language: z.enum(['zh', 'en']),
    digest: z
      .boolean()
      .describe(
        'e-mail and in-app: one digest a day per member and channel instead of a message per reminder',
      ),
  })
  .meta({ id: 'NotificationSettings', description: 'When, to whom and how an organisation is reminded.' });

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('the robot’s webhook URL as the group settings give it (its key or token is a secret)');
const secret = z.string().min(1).max(500).optional().describe('write-only; left out on update: kept');

const channelConfigInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('email'),
    from: z.email().max(320),
    smtp: z.object({
      host: z.string().min(1).max(253),
      port: z.number().int().min(1).max(65535),
      secure: z.boolean(),
      user: z.string().min(1).max(320).optional(),
      password: secret,
    }),
  }),
  z.object({ kind: z.literal('wecom'), url: webhookUrl }),
  z.object({ kind: z.literal('dingtalk'), url: webhookUrl, secret }),
  z.object({ kind: z.literal('feishu'), url: webhookUrl, secret }),
  z.object({ kind: z.literal('in-app') }),
]);

const channelInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    enabled: z.boolean().default(true),
    config: channelConfigInput,
  })
  .meta({ id: 'NotificationChannelWrite', description: 'A channel as written (secrets write-only).' });

export const notificationChannelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    config: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('email'),
        from: z.string(),
        smtp: z.object({
          host: z.string(),
          port: z.number().int(),
          secure: z.boolean(),
          user: z.string().optional(),
          hasPassword: z.boolean(),
        }),
      }),
      z.object({
        kind: z.enum(['wecom', 'dingtalk', 'feishu']),
        url: z.string().describe('masked'),
        hasSecret: z.boolean(),
      }),
      z.object({ kind: z.literal('in-app') }),
    ]),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NotificationChannel', description: 'A channel as answers show it: no secret.' });

const deliverySchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    channelKind: z.enum(channelKinds),
    recipient: z.string().nullable().describe('an e-mail address or user id; null for a group robot'),
    obligationId: z.string().nullable(),
    title: z.string(),
    status: z
      .enum(['pending', 'sent', 'failed', 'digested'])
      .describe('digested: sent within the member’s daily digest'),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable().describe('secrets masked'),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({
    id: 'NotificationDelivery',
    description: 'One message to one channel and recipient, with its attempts.',
  });

const inAppSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'InAppNotification', description: 'A reminder shown in the app.' });

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
const what = { zh: '通知设置', en: 'notification settings' };
const channelNotFound = (id: string) =>
  new HttpProblem('NOT_FOUND', {
    zh: `通知渠道 ${id.slice(0, 100)}`,
    en: `notification channel ${id.slice(0, 100)}`,
  });
const notificationNotFound = (id: string) =>
  new HttpProblem('NOT_FOUND', { zh: `通知 ${id.slice(0, 100)}`, en: `notification ${id.slice(0, 100)}` });
const shown = (c: Channel) => publicChannel(c) as z.infer<typeof notificationChannelSchema>;

/** the caller's e-mail, for a test e-mail */
async function emailOf(o: ResourceRoutesOptions, scope: Scope): Promise<string | null> {
  const row = await o.db.kysely
    .selectFrom('users')
    .select('email')
    .where('id', '=', scope.userId)
    .executeTakeFirst();
  return row?.email ?? null;
}

export const notificationRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db } = o;
  const preValidation = requireSession(db);
  const managed = (req: Parameters<typeof scopeOf>[0]) => {
    const scope = scopeOf(req);
    mustManage(scope, what);
    return scope;
  };

  app.get(
    '/api/v1/notification-settings',
    {
      preValidation,
      schema: {
        operationId: 'getNotificationSettings',
        tags: ['notifications'],
        summary: 'The organisation’s reminder settings (owner, admin)',
        response: { 200: notificationSettingsSchema },
      },
    },
    async (req) => notificationSettings(db, managed(req).organisationId),
  );

  app.put(
    '/api/v1/notification-settings',
    {
      preValidation,
      schema: {
        operationId: 'updateNotificationSettings',
        tags: ['notifications'],
        summary: 'Replaces the reminder settings (owner, admin)',
        body: notificationSettingsSchema,
        response: { 200: notificationSettingsSchema },
      },
    },
    async (req) => saveNotificationSettings(db, managed(req).organisationId, req.body),
  );

  app.get(
    '/api/v1/notification-channels',
    {
      preValidation,
      schema: {
        operationId: 'listNotificationChannels',
        tags: ['notifications'],
        summary: 'The organisation’s channels, without secrets (owner, admin)',
        response: { 200: z.object({ items: z.array(notificationChannelSchema) }) },
      },
    },
    async (req) => ({ items: (await listChannels(db, managed(req).organisationId)).map(shown) }),
  );

  app.post(
    '/api/v1/notification-channels',
    {
      preValidation,
      config: { location: '/api/v1/notification-channels/{id}' },
      schema: {
        operationId: 'createNotificationChannel',
        problems: ['WEBHOOK_ADDRESS_REFUSED'],
        tags: ['notifications'],
        summary: 'Adds a channel (owner, admin)',
        body: channelInput,
        response: { 201: notificationChannelSchema },
      },
    },
    async (req, reply) => {
      const c = await createChannel(db, managed(req).organisationId, {
        ...req.body,
        config: req.body.config as ChannelConfig,
      });
      return reply.status(201).send(shown(c));
    },
  );

  app.get(
    '/api/v1/notification-channels/:id',
    {
      preValidation,
      schema: {
        operationId: 'getNotificationChannel',
        tags: ['notifications'],
        summary: 'One channel, without secrets (owner, admin)',
        params: idParams,
        response: { 200: notificationChannelSchema },
      },
    },
    async (req) => {
      const c = await findChannel(db, managed(req).organisationId, req.params.id);
      if (!c) throw channelNotFound(req.params.id);
      return shown(c);
    },
  );

  app.put(
    '/api/v1/notification-channels/:id',
    {
      preValidation,
      schema: {
        operationId: 'updateNotificationChannel',
        problems: ['WEBHOOK_ADDRESS_REFUSED'],
        tags: ['notifications'],
        summary: 'Replaces a channel; a secret left out keeps the stored one (owner, admin)',
        params: idParams,
        body: channelInput,
        response: { 200: notificationChannelSchema },
      },
    },
    async (req) => {
      const org = managed(req).organisationId;
      const c = await updateChannel(db, org, req.params.id, {
        ...req.body,
        config: req.body.config as ChannelConfig,
      });
      if (!c) throw channelNotFound(req.params.id);
      return shown(c);
    },
  );

  app.delete(
    '/api/v1/notification-channels/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteNotificationChannel',
        tags: ['notifications'],
        summary: 'Removes a channel (owner, admin)',
        params: idParams,
        response: { 204: z.null().describe('removed') },
      },
    },
    async (req, reply) => {
      if (!(await deleteChannel(db, managed(req).organisationId, req.params.id)))
        throw channelNotFound(req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/notification-channels/:id/test',
    {
      preValidation,
      schema: {
        operationId: 'testNotificationChannel',
        tags: ['notifications'],
        summary: 'Sends a test message through the channel now and says whether it went (owner, admin)',
        params: idParams,
        response: {
          200: z
            .object({ sent: z.boolean(), error: z.string().nullable().describe('why not, secrets masked') })
            .meta({ id: 'NotificationTestResult' }),
        },
      },
    },
    async (req) => {
      const scope = managed(req);
      const channel = await findChannel(db, scope.organisationId, req.params.id);
      if (!channel) throw channelNotFound(req.params.id);
      const kind = channel.config.kind;
      const recipient = kind === 'email' ? await emailOf(o, scope) : kind === 'in-app' ? scope.userId : null;
      const id = `test-${newId()}`;
      try {
        await sendThrough(db, channel, {
          id,
          key: id,
          recipient,
          organisationId: scope.organisationId,
          message: { title: 'icpdesk 测试消息 / test message', text: `${channel.name}: OK` },
        });
        return { sent: true, error: null };
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        return { sent: false, error: redactSecrets(error, channelSecrets(channel.config)) };
      }
    },
  );

  app.get(
    '/api/v1/notification-deliveries',
    {
      preValidation,
      schema: {
        operationId: 'listNotificationDeliveries',
        tags: ['notifications'],
        summary: 'The delivery log, newest first (owner, admin)',
        querystring: limitQuery.extend({
          status: z.enum(['pending', 'sent', 'failed', 'digested']).optional(),
        }),
        response: { 200: z.object({ items: z.array(deliverySchema) }) },
      },
    },
    async (req) => {
      const org = managed(req).organisationId;
      const items = await deliveryLog(db, org, {
        limit: req.query.limit,
        ...(req.query.status ? { status: req.query.status } : {}),
      });
      return { items: items as z.infer<typeof deliverySchema>[] };
    },
  );

  app.get(
    '/api/v1/notifications',
    {
      preValidation,
      schema: {
        operationId: 'listNotifications',
        tags: ['notifications'],
        summary: 'The caller’s in-app notifications, newest first',
        querystring: limitQuery.extend({ unread: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(inAppSchema) }) },
      },
    },
    async (req) => {
      const s = scopeOf(req);
      return {
        items: await listNotifications(db, s.organisationId, s.userId, {
          limit: req.query.limit,
          unreadOnly: req.query.unread === 'true',
        }),
      };
    },
  );

  app.get(
    '/api/v1/notifications/:id',
    {
      preValidation,
      schema: {
        operationId: 'getNotification',
        tags: ['notifications'],
        summary: 'One of the caller’s notifications',
        params: idParams,
        response: { 200: inAppSchema },
      },
    },
    async (req) => {
      const s = scopeOf(req);
      const n = await findNotification(db, s.organisationId, s.userId, req.params.id);
      if (!n) throw notificationNotFound(req.params.id);
      return n;
    },
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      preValidation,
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: 'Marks one of the caller’s notifications read',
        params: idParams,
        response: { 204: z.null().describe('read') },
      },
    },
    async (req, reply) => {
      const s = scopeOf(req);
      if (!(await markNotificationRead(db, s.organisationId, s.userId, req.params.id)))
        throw notificationNotFound(req.params.id);
      return reply.status(204).send(null);
    },
  );
};
