/**
 * Exactly once with two worker processes on one PostgreSQL database: both schedule and send the same
 * organisation's reminders; one is SIGKILLed mid-run while it holds claims. The receivers (robots that verify
 * signatures, a real SMTP server) must get every reminder exactly once: the survivor re-claims the dead
 * worker's rows once their lease runs out, and never a row the other already sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pgAdmin } from '../../test/db-harness.ts';
import {
  allowPrivateWebhooksForTests,
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  type SmtpReceiver,
  startRobotReceiver,
  startSmtpReceiver,
} from '../../test/notification-receivers.ts';
import { seedMember, seedOrganisation } from '../../test/seed.ts';
import { type Db, openDb } from '../db.ts';
import { migrate } from '../migrations/index.ts';
import { createChannel } from './channels.ts';
import { defaultNotificationSettings, saveNotificationSettings } from './settings.ts';

const pgUrl = inject('pgUrl');
const script = fileURLToPath(new URL('../../test/reminder-worker-process.ts', import.meta.url));
const LICENCES = 8;
const LEASE_MS = 1_500;

describe.skipIf(!pgUrl)('two worker processes on PostgreSQL, one killed mid-run', () => {
  let db: Db;
  let url: string;
  let name: string;
  let rx: RobotReceiver;
  let undo: (() => void) | undefined;
  let smtp: SmtpReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    name = `icpdesk_workers_${randomBytes(5).toString('hex')}`;
    await pgAdmin(pgUrl, `create database ${name}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    db = await openDb({ url, poolSize: 2 });
    await migrate(db);
    undo = allowPrivateWebhooksForTests();
    rx = await startRobotReceiver(robotSecrets);
    smtp = await startSmtpReceiver('mailer', 'pw-654321');
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    undo?.();
    await rx?.close();
    await smtp?.close();
    await db?.close();
    await pgAdmin(pgUrl, `drop database if exists ${name} with (force)`);
  }, 60_000);

  const startWorkerProcess = (id: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        WORKER_ID: id,
        REMINDER_LICENCES: String(LICENCES),
        LEASE_MS: String(LEASE_MS),
        SEND_DELAY_MS: '80',
        ICPDESK_WEBHOOK_ALLOW_PRIVATE: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines: string[] = [];
    let waiting: { test: (l: string) => boolean; done: () => void } | undefined;
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        if (waiting?.test(l)) waiting.done();
      }
    });
    /** resolves when a line passes the test (counting lines already seen) */
    const until = (test: (l: string) => boolean) =>
      new Promise<void>((done) => {
        if (lines.some(test)) done();
        else waiting = { test, done };
      });
    return { child, lines, until };
  };

  it('every reminder reaches its receiver once, none lost', async () => {
    const org = await seedOrganisation(db);
    await seedMember(db, org, 'owner');
    await saveNotificationSettings(db, org, { ...defaultNotificationSettings, quietHours: null });
    const urls = robotUrls(rx.base);
    await createChannel(db, org, {
      name: 'ding',
      enabled: true,
      config: { kind: 'dingtalk', url: urls.dingtalk, secret: robotSecrets.dingtalkSecret },
    });
    await createChannel(db, org, {
      name: 'feishu',
      enabled: true,
      config: { kind: 'feishu', url: urls.feishu, secret: robotSecrets.feishuSecret },
    });
    await createChannel(db, org, {
      name: 'mail',
      enabled: true,
      config: {
        kind: 'email',
        from: 'icpdesk@example.com',
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'mailer', password: 'pw-654321' },
      },
    });

    const a = startWorkerProcess('worker-a');
    const b = startWorkerProcess('worker-b');
    let sentByA = 0;
    await a.until((l) => l.startsWith('sent') && ++sentByA === 3);
    a.child.kill('SIGKILL'); // between two sends: the 80 ms pause before the next one has just begun
    await new Promise((r) => a.child.once('exit', r));

    const total = async () =>
      db.kysely
        .selectFrom('notification_deliveries')
        .select(['id', 'status', 'attempts', 'leased_by'])
        .execute();
    const deadline = Date.now() + 40_000;
    for (;;) {
      const rows = await total();
      if (rows.length > 0 && rows.every((r) => r.status === 'sent')) break;
      if (Date.now() > deadline)
        throw new Error(`not all sent: ${JSON.stringify(rows.filter((r) => r.status !== 'sent'))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    b.child.kill('SIGTERM');
    await new Promise((r) => b.child.once('exit', r));

    const rows = await total();
    const byDelivery = new Map<string, number>();
    for (const r of rx.accepted) byDelivery.set(r.delivery!, (byDelivery.get(r.delivery!) ?? 0) + 1);
    const mailIds = smtp.mails.map((m) => m.raw.match(/Message-ID: <([^@]+)@icpdesk>/)?.[1]);
    for (const id of mailIds) byDelivery.set(id!, (byDelivery.get(id!) ?? 0) + 1);

    // 8 licences × 2 overdue annual reports (2024, 2025) × 3 channels × 1 owner
    expect(rows).toHaveLength(LICENCES * 2 * 3);
    expect(rx.refused).toHaveLength(0);
    expect([...byDelivery.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect([...byDelivery.values()].every((n) => n === 1)).toBe(true);
    // the killed worker held claims; the survivor took them over after their lease ran out
    expect(a.lines.filter((l) => l.startsWith('sent')).length).toBe(3);
    expect(rows.some((r) => r.attempts === 2 && r.leased_by === 'worker-b')).toBe(true);
  }, 90_000);
});
