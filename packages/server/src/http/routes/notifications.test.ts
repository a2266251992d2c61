import { forEachDb } from '@icpdesk/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  allowPrivateWebhooksForTests,
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  startRobotReceiver,
} from '../../../../store/test/notification-receivers.ts';
import { httpHarness } from '../../../test/http-harness.ts';

forEachDb('notification routes', (t) => {
  const h = httpHarness(t);
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

  const dingtalk = () => ({
    name: '合规群',
    config: { kind: 'dingtalk', url: robotUrls(rx.base).dingtalk, secret: robotSecrets.dingtalkSecret },
  });

  it('settings: defaults, replaced by a manager, refused to others and to bad input', async () => {
    const got = await h.call(h.as.admin, { url: '/api/v1/notification-settings' });
    expect(got.statusCode).toBe(200);
    const settings = got.json() as Record<string, unknown>;
    expect(settings).toMatchObject({ offsets: [60, 30, 7, 1], overdueDaily: true, language: 'zh' });
    const put = await h.call(h.as.owner, {
      method: 'PUT',
      url: '/api/v1/notification-settings',
      payload: {
        ...settings,
        offsets: [7, 30, 90],
        quietHours: { start: '21:30', end: '07:00' },
        language: 'en',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().offsets).toEqual([90, 30, 7]);
    expect((await h.call(h.as.owner, { url: '/api/v1/notification-settings' })).json().language).toBe('en');
    const viewer = await h.call(h.as.consultant, { url: '/api/v1/notification-settings' });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().code).toBe('FORBIDDEN');
    const bad = await h.call(h.as.owner, {
      method: 'PUT',
      url: '/api/v1/notification-settings',
      payload: { ...settings, quietHours: { start: '25:00', end: '07:00' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('channels: secrets are written, never read back; a test send goes through the signed robot', async () => {
    const created = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/notification-channels',
      payload: dingtalk(),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(robotSecrets.dingtalkSecret);
    expect(created.body).not.toContain(robotSecrets.dingtalkToken);
    expect(created.json().config).toMatchObject({ kind: 'dingtalk', hasSecret: true });
    const id = created.json().id;
    const one = await h.call(h.as.admin, { url: `/api/v1/notification-channels/${id}` });
    expect(one.json()).toEqual(created.json());

    const test = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
    });
    expect(test.json()).toEqual({ sent: true, error: null });
    expect(rx.accepted.filter((r) => r.robot === 'dingtalk')).toHaveLength(1);

    // renamed without the secret: the stored one is kept and still signs
    const { secret: _, ...withoutSecret } = dingtalk().config;
    const renamed = await h.call(h.as.admin, {
      method: 'PUT',
      url: `/api/v1/notification-channels/${id}`,
      payload: { name: '新群', config: withoutSecret },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // the URL sent back masked, as answers show it (an edit form's round trip): the stored one is kept
    const masked = renamed.json().config.url;
    expect(masked).not.toContain(robotSecrets.dingtalkToken);
    const roundTrip = await h.call(h.as.admin, {
      method: 'PUT',
      url: `/api/v1/notification-channels/${id}`,
      payload: { name: '新群', config: { ...withoutSecret, url: masked } },
    });
    expect(roundTrip.statusCode, roundTrip.body).toBe(200);
    expect(
      (await h.call(h.as.owner, { method: 'POST', url: `/api/v1/notification-channels/${id}/test` })).json(),
    ).toEqual({ sent: true, error: null });
    expect(
      (await h.call(h.as.owner, { method: 'POST', url: `/api/v1/notification-channels/${id}/test` })).json()
        .sent,
    ).toBe(true);

    // a wrong secret: the receiver refuses the signature, the answer says so without the secret
    await h.call(h.as.admin, {
      method: 'PUT',
      url: `/api/v1/notification-channels/${id}`,
      payload: { name: '新群', config: { ...withoutSecret, secret: 'SECwrong-secret' } },
    });
    const failed = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
    });
    expect(failed.json().sent).toBe(false);
    expect(failed.json().error).toContain('sign not match');
    expect(failed.body).not.toContain(robotSecrets.dingtalkToken);

    const list = await h.call(h.as.owner, { url: '/api/v1/notification-channels' });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain('SECwrong-secret');
    expect(
      (await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/notification-channels/${id}` })).statusCode,
    ).toBe(404);
    expect(
      (await h.call(h.as.viewer, { method: 'DELETE', url: `/api/v1/notification-channels/${id}` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/notification-channels/${id}` })).statusCode,
    ).toBe(204);
    expect(
      (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/notification-channels/${id}` })).statusCode,
    ).toBe(404);
  });

  it('webhooks: an internal address is refused when a channel is written, unless the operator opted in', async () => {
    undo(); // the guard as deployed: no opt-in
    try {
      const before = (await h.call(h.as.owner, { url: '/api/v1/notification-channels' })).json().items.length;
      for (const url of [
        'http://169.254.169.254/robot/send?access_token=t',
        'http://[::ffff:10.0.0.1]/cgi-bin/webhook/send?key=k',
        'http://localhost:8080/open-apis/bot/v2/hook/x',
        robotUrls(rx.base).dingtalk,
      ]) {
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/notification-channels',
          payload: { name: '内网', config: { kind: 'dingtalk', url } },
        });
        expect(res.statusCode, url).toBe(422);
        expect(res.json().code).toBe('WEBHOOK_ADDRESS_REFUSED');
        expect(res.body).not.toContain('access_token=t');
      }
      const list = await h.call(h.as.owner, { url: '/api/v1/notification-channels' });
      expect(list.json().items).toHaveLength(before);
      // an existing channel cannot be pointed inside either
      const inApp = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/notification-channels',
        payload: { name: '站内', config: { kind: 'in-app' } },
      });
      expect(inApp.statusCode).toBe(201);
      const moved = await h.call(h.as.owner, {
        method: 'PUT',
        url: `/api/v1/notification-channels/${inApp.json().id}`,
        payload: { name: '站内', config: { kind: 'wecom', url: 'http://[fd00:ec2::254]/latest' } },
      });
      expect(moved.statusCode).toBe(422);
      expect(moved.json().code).toBe('WEBHOOK_ADDRESS_REFUSED');
      const kept = await h.call(h.as.owner, { url: `/api/v1/notification-channels/${inApp.json().id}` });
      expect(kept.json().config).toEqual({ kind: 'in-app' });
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/notification-channels/${inApp.json().id}` });
    } finally {
      undo = allowPrivateWebhooksForTests();
    }
    const allowed = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/notification-channels',
      payload: dingtalk(),
    });
    expect(allowed.statusCode, allowed.body).toBe(201);
    await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/notification-channels/${allowed.json().id}` });
  });

  it('in-app: a test notification reaches the caller, who marks it read; the delivery log is for managers', async () => {
    const created = await h.call(h.as.admin, {
      method: 'POST',
      url: '/api/v1/notification-channels',
      payload: { name: '站内', config: { kind: 'in-app' } },
    });
    expect(created.statusCode).toBe(201);
    const test = await h.call(h.as.admin, {
      method: 'POST',
      url: `/api/v1/notification-channels/${created.json().id}/test`,
    });
    expect(test.json().sent).toBe(true);
    const mine = await h.call(h.as.admin, { url: '/api/v1/notifications?unread=true' });
    expect(mine.json().items).toHaveLength(1);
    const id = mine.json().items[0].id;
    expect((await h.call(h.as.admin, { url: `/api/v1/notifications/${id}` })).json()).toMatchObject({
      title: 'icpdesk 测试消息 / test message',
      readAt: null,
    });
    expect(
      (await h.call(h.as.owner, { method: 'POST', url: `/api/v1/notifications/${id}/read` })).statusCode,
    ).toBe(404);
    expect(
      (await h.call(h.as.admin, { method: 'POST', url: `/api/v1/notifications/${id}/read` })).statusCode,
    ).toBe(204);
    expect(
      (await h.call(h.as.admin, { url: '/api/v1/notifications?unread=true' })).json().items,
    ).toHaveLength(0);
    const log = await h.call(h.as.owner, { url: '/api/v1/notification-deliveries' });
    expect(log.statusCode).toBe(200);
    expect(log.json().items).toEqual([]);
    expect((await h.call(h.as.client, { url: '/api/v1/notification-deliveries' })).statusCode).toBe(403);
  });
});
