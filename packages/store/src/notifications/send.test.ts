import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowPrivateWebhooksForTests,
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  type SmtpReceiver,
  startRobotReceiver,
  startSmtpReceiver,
} from '../../test/notification-receivers.ts';
import { systemClock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Channel, ChannelConfig } from './channels.ts';
import { channelSecrets, publicChannel, redactSecrets } from './channels.ts';
import { sendThrough } from './send.ts';

/** robots and e-mail need only the clock of the database handle */
const db = { clock: systemClock() } as Db;
const channel = (config: ChannelConfig): Channel => ({
  id: 'c1',
  organisationId: 'o1',
  name: config.kind,
  enabled: true,
  config,
  createdAt: '',
  updatedAt: '',
});
const envelope = (id: string, recipient: string | null = null) => ({
  id,
  key: id,
  recipient,
  organisationId: 'o1',
  message: { title: '提醒:年报', text: '期限 2026-03-31' },
});

describe('group robots against a receiver that verifies their signatures', () => {
  let rx: RobotReceiver;
  let undo: () => void;
  beforeAll(async () => {
    undo = allowPrivateWebhooksForTests();
    rx = await startRobotReceiver(robotSecrets);
  });
  afterAll(async () => {
    undo();
    await rx.close();
  });

  it('WeCom, DingTalk (signed URL) and Feishu (signed body) are accepted in their message formats', async () => {
    const urls = robotUrls(rx.base);
    await sendThrough(db, channel({ kind: 'wecom', url: urls.wecom }), envelope('d-wecom'));
    await sendThrough(
      db,
      channel({ kind: 'dingtalk', url: urls.dingtalk, secret: robotSecrets.dingtalkSecret }),
      envelope('d-ding'),
    );
    await sendThrough(
      db,
      channel({ kind: 'feishu', url: urls.feishu, secret: robotSecrets.feishuSecret }),
      envelope('d-fs'),
    );
    const got = Object.fromEntries(rx.accepted.map((r) => [r.robot, r]));
    expect(got.wecom?.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('提醒:年报') },
    });
    expect(got.dingtalk?.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '提醒:年报' } });
    expect(got.feishu?.body).toMatchObject({
      msg_type: 'text',
      content: { text: expect.stringContaining('2026-03-31') },
    });
    expect(got.feishu?.delivery).toBe('d-fs');
  });

  it('a wrong secret or key is refused by the receiver and the send fails', async () => {
    const urls = robotUrls(rx.base);
    const before = rx.accepted.length;
    await expect(
      sendThrough(db, channel({ kind: 'dingtalk', url: urls.dingtalk, secret: 'SECwrong' }), envelope('x1')),
    ).rejects.toThrow(/sign not match/);
    await expect(
      sendThrough(db, channel({ kind: 'feishu', url: urls.feishu, secret: 'wrong' }), envelope('x2')),
    ).rejects.toThrow(/sign match fail/);
    await expect(
      sendThrough(
        db,
        channel({ kind: 'wecom', url: urls.wecom.replace(robotSecrets.wecomKey, 'nope') }),
        envelope('x3'),
      ),
    ).rejects.toThrow(/bad key/);
    expect(rx.accepted.length).toBe(before);
    expect(rx.refused.length).toBe(3);
  });

  it('never shows secrets: public form and error text', () => {
    const c = channel({
      kind: 'dingtalk',
      url: robotUrls(rx.base).dingtalk,
      secret: robotSecrets.dingtalkSecret,
    });
    const shown = JSON.stringify(publicChannel(c));
    expect(shown).not.toContain(robotSecrets.dingtalkSecret);
    expect(shown).not.toContain(robotSecrets.dingtalkToken);
    expect(shown).toContain('"hasSecret":true');
    const err = redactSecrets(
      `failed ${c.config.kind === 'dingtalk' ? c.config.url : ''}`,
      channelSecrets(c.config),
    );
    expect(err).not.toContain(robotSecrets.dingtalkToken);
  });
});

describe('e-mail over SMTP against a real SMTP server', () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver('mailer', 'right-password');
  });
  afterAll(() => smtp.close());
  const mail = (password: string): ChannelConfig => ({
    kind: 'email',
    from: 'icpdesk@example.com',
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: 'mailer', password },
  });

  it('delivers the reminder with its delivery id as Message-ID', async () => {
    await sendThrough(db, channel(mail('right-password')), envelope('mail-1', 'owner@example.com'));
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['owner@example.com']);
    expect(smtp.mails[0]?.raw).toContain('Message-ID: <mail-1@icpdesk>');
    expect(smtp.mails[0]?.raw).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('a wrong password fails the send', async () => {
    await expect(
      sendThrough(db, channel(mail('wrong')), envelope('mail-2', 'a@example.com')),
    ).rejects.toThrow(/Invalid username or password|auth/i);
    expect(smtp.mails).toHaveLength(1);
  });
});
