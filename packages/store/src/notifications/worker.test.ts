import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDb } from '../../test/db-harness.ts';
import {
  allowPrivateWebhooksForTests,
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  type SmtpReceiver,
  startRobotReceiver,
  startSmtpReceiver,
} from '../../test/notification-receivers.ts';
import { fixtureObligations } from '../../test/reminder-fixtures.ts';
import { seedMember, seedOrganisation } from '../../test/seed.ts';
import { fixedClock } from '../clock.ts';
import { withClock } from '../db.ts';
import { createChannel } from './channels.ts';
import { deliveryLog, listNotifications, markNotificationRead } from './in-app.ts';
import { retryDelay } from './queue.ts';
import { defaultNotificationSettings, saveNotificationSettings } from './settings.ts';
import { workerRound } from './worker.ts';

// 10:00 in China: outside the default quiet hours (22:00–08:00)
const MORNING = '2026-03-01T02:00:00.000Z';
/** the suite's tests share one database: each test's worker sees obligations of its own organisation only */
const only = (org: string) => async (o: string, asOf: string) =>
  o === org ? fixtureObligations(2, asOf) : { obligations: [], rules: {} };

forEachDb('reminder worker', (t) => {
  let rx: RobotReceiver;
  let smtp: SmtpReceiver;
  let undo: () => void;
  beforeAll(async () => {
    undo = allowPrivateWebhooksForTests();
    rx = await startRobotReceiver(robotSecrets, { clockSkew: false });
    smtp = await startSmtpReceiver('mailer', 'pw-123456');
  });
  afterAll(async () => {
    undo();
    await rx.close();
    await smtp.close();
  });

  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const owner = await seedMember(t.db, org, 'owner');
    await seedMember(t.db, org, 'viewer'); // not a reminder role by default
    const urls = robotUrls(rx.base);
    const ch = {
      email: await createChannel(t.db, org, {
        name: 'mail',
        enabled: true,
        config: {
          kind: 'email',
          from: 'icpdesk@example.com',
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'mailer', password: 'pw-123456' },
        },
      }),
      ding: await createChannel(t.db, org, {
        name: 'ding',
        enabled: true,
        config: { kind: 'dingtalk', url: urls.dingtalk, secret: robotSecrets.dingtalkSecret },
      }),
      feishu: await createChannel(t.db, org, {
        name: 'feishu',
        enabled: true,
        config: { kind: 'feishu', url: urls.feishu, secret: robotSecrets.feishuSecret },
      }),
      inApp: await createChannel(t.db, org, { name: 'app', enabled: true, config: { kind: 'in-app' } }),
    };
    return { org, owner, ch };
  };

  it('sends each due reminder once per channel and recipient, however often it runs; a failing channel retries with backoff and blocks no other', async () => {
    const { org, owner, ch } = await setup();
    rx.failing.add('feishu');
    const db = withClock(t.db, fixedClock(MORNING));
    const opts = { id: 'w', obligations: only(org), backoffMs: 60_000, maxAttempts: 3 };
    const first = await workerRound(db, opts);
    // 2 licences × (overdue 2024 report + 2025 report due in 30 days) = 4 reminders × 4 channels × 1 recipient
    expect(first.scheduled).toBe(16);
    expect(first.sent).toBe(12);
    const again = await workerRound(db, opts);
    expect(again).toMatchObject({ scheduled: 0, sent: 0 });
    expect(smtp.mails.filter((m) => m.to[0]?.includes('@'))).toHaveLength(4);
    expect(rx.accepted.filter((r) => r.robot === 'dingtalk')).toHaveLength(4);
    expect(await listNotifications(t.db, org, owner)).toHaveLength(4);

    const failed = (await deliveryLog(t.db, org, { status: 'pending' })).filter(
      (d) => d.channelId === ch.feishu.id,
    );
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    expect(Date.parse(failed[0]!.nextAttemptAt) - Date.parse(MORNING)).toBe(retryDelay(1, opts));

    // the receiver recovers; after the backoff the retries go out, once
    rx.failing.delete('feishu');
    const later = withClock(t.db, fixedClock(new Date(Date.parse(MORNING) + 61_000)));
    expect((await workerRound(later, opts)).sent).toBe(4);
    expect(rx.accepted.filter((r) => r.robot === 'feishu')).toHaveLength(4);
    expect((await deliveryLog(t.db, org, { status: 'sent' })).length).toBe(16);
    expect(JSON.stringify(await deliveryLog(t.db, org))).not.toContain(robotSecrets.feishuToken);
  });

  it('gives up after the last attempt; the next day brings the overdue reminder again, the 30-day one not', async () => {
    const { org, ch } = await setup();
    await createChannel(t.db, org, { name: 'x', enabled: false, config: { kind: 'in-app' } });
    const before = rx.accepted.length;
    rx.failing.add('dingtalk');
    const opts = { id: 'w', obligations: only(org), backoffMs: 1_000, maxAttempts: 2 };
    let at = Date.parse(MORNING);
    for (let i = 0; i < 3; i++, at += 10_000)
      await workerRound(withClock(t.db, fixedClock(new Date(at))), opts);
    rx.failing.delete('dingtalk');
    const ding = (await deliveryLog(t.db, org)).filter((d) => d.channelId === ch.ding.id);
    expect(ding.every((d) => d.status === 'failed' && d.attempts === 2)).toBe(true);
    const next = await workerRound(withClock(t.db, fixedClock('2026-03-02T02:00:00.000Z')), opts);
    expect(next.scheduled).toBe(2 * 4); // the two overdue reports, on each of the 4 channels
    expect(rx.accepted.length - before).toBe(4 /* feishu day 1 */ + 4 /* ding + feishu day 2 */);
  });

  it('holds reminders during quiet hours and marks in-app notifications read', async () => {
    const { org, owner } = await setup();
    await saveNotificationSettings(t.db, org, {
      ...defaultNotificationSettings,
      offsets: [30],
      overdueDaily: false,
    });
    const night = withClock(t.db, fixedClock('2026-03-01T15:00:00.000Z')); // 23:00 in China
    const r = await workerRound(night, { id: 'w', obligations: only(org) });
    expect(r).toMatchObject({ scheduled: 8, sent: 0 });
    const log = await deliveryLog(t.db, org);
    expect(new Set(log.map((d) => d.nextAttemptAt))).toEqual(new Set(['2026-03-02T00:00:00.000Z']));
    expect(
      (
        await workerRound(withClock(t.db, fixedClock('2026-03-02T00:00:00.000Z')), {
          id: 'w',
          obligations: only(org),
        })
      ).sent,
    ).toBe(8);
    const [n] = await listNotifications(t.db, org, owner);
    expect(n?.title).toBe('提醒:电信业务经营许可年报');
    expect(await markNotificationRead(t.db, org, owner, n!.id)).toBe(true);
    expect(await listNotifications(t.db, org, owner, { unreadOnly: true })).toHaveLength(1);
  });

  it('with the digest on, each member gets one e-mail and one in-app digest a day; robots each reminder', async () => {
    const { org, owner, ch } = await setup();
    await saveNotificationSettings(t.db, org, { ...defaultNotificationSettings, digest: true });
    const mails = smtp.mails.length;
    const db = withClock(t.db, fixedClock(MORNING));
    const first = await workerRound(db, { id: 'w', obligations: only(org) });
    // 4 reminders: 4 to each robot, 4 recorded as digested for each member channel, then 2 digests
    expect(first).toMatchObject({ scheduled: 4 + 4 + 4 + 4 + 2, sent: 4 + 4 + 2 });
    expect(smtp.mails.length - mails).toBe(1);
    expect(smtp.mails.at(-1)?.raw).toContain('Subject: =?UTF-8?');
    const [digest] = await listNotifications(t.db, org, owner);
    expect(digest?.title).toBe('icpdesk 每日摘要 2026-03-01:4 条提醒');
    expect(digest?.body.split('\n')).toHaveLength(4);
    expect(await workerRound(db, { id: 'w', obligations: only(org) })).toMatchObject({
      scheduled: 0,
      sent: 0,
    });
    expect(
      (await deliveryLog(t.db, org, { status: 'digested' })).filter((d) => d.channelId === ch.email.id),
    ).toHaveLength(4);
  });
});
