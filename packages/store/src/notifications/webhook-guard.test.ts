import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RobotReceiver,
  robotSecrets,
  robotUrls,
  startRobotReceiver,
} from '../../test/notification-receivers.ts';
import { postRobot, wecomRequest } from './robots.ts';
import {
  type AddressPolicy,
  checkWebhookUrl,
  isRefusedAddress,
  WebhookAddressError,
} from './webhook-guard.ts';

const message = { title: '提醒', text: '年报' };

describe('the webhook guard', () => {
  it('refuses loopback, link-local, private, metadata and reserved addresses, IPv4 and IPv6', () => {
    const refused = [
      '127.0.0.1',
      '127.9.8.7',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '169.254.169.254', // AWS, Azure, Google, Huawei metadata
      '169.254.0.23', // Tencent Cloud metadata
      '100.100.100.200', // Alibaba Cloud metadata
      '100.64.0.1',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd00:ec2::254', // AWS metadata over IPv6
      'ff02::1',
      '::ffff:127.0.0.1', // IPv4-mapped, dotted
      '::ffff:7f00:1', // IPv4-mapped, hex
      '::FFFF:A9FE:A9FE', // 169.254.169.254 mapped, upper case
      '0:0:0:0:0:ffff:10.0.0.1',
      '::127.0.0.1', // IPv4-compatible
      '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
      '2002:c0a8:101::1', // 6to4 of 192.168.1.1
      'not an address',
    ];
    const allowed = [
      '8.8.8.8',
      '223.5.5.5',
      '172.32.0.1',
      '100.63.255.255',
      '192.169.0.1',
      '2400:3200::1',
      '240e::1',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ];
    for (const a of refused) expect(isRefusedAddress(a), a).toBe(true);
    for (const a of allowed) expect(isRefusedAddress(a), a).toBe(false);
  });

  it('checks a URL’s host, literal or resolved, and lets everything through with the opt-in', async () => {
    const before = process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
    delete process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
    try {
      for (const url of [
        'http://127.0.0.1:8080/cgi-bin/webhook/send?key=k',
        'http://[::1]/robot/send',
        'http://[::ffff:169.254.169.254]/latest/meta-data',
        'https://169.254.169.254/',
        'http://localhost:9/x', // a name: every address it resolves to is loopback
      ]) {
        const err = await checkWebhookUrl(url).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, url).toBeInstanceOf(WebhookAddressError);
        expect((err as WebhookAddressError).code).toBe('WEBHOOK_ADDRESS_REFUSED');
        expect((err as WebhookAddressError).text?.zh).toContain('内部网络');
      }
      await expect(checkWebhookUrl('https://223.5.5.5/robot/send')).resolves.toBeUndefined();
      process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE = '1';
      await expect(checkWebhookUrl('http://127.0.0.1:8080/x')).resolves.toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
      else process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE = before;
    }
  });
});

describe('posting through the guard', () => {
  let rx: RobotReceiver;
  let redirector: Server;
  let redirectBase: string;
  /** where the redirector sends the next request (307, POST kept) */
  let target = '';
  beforeAll(async () => {
    rx = await startRobotReceiver(robotSecrets);
    redirector = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(307, { location: target }).end());
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectBase = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await rx.close();
    await new Promise((resolve) => redirector.close(resolve));
  });

  it('refuses the local receiver without the opt-in, by address and by name, before anything is sent', async () => {
    const before = process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
    delete process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
    try {
      const url = robotUrls(rx.base).wecom;
      await expect(postRobot(wecomRequest(url, message), 'g1')).rejects.toBeInstanceOf(WebhookAddressError);
      const byName = url.replace('127.0.0.1', 'localhost');
      await expect(postRobot(wecomRequest(byName, message), 'g2')).rejects.toThrow(/internal address/);
      expect(rx.accepted.length + rx.refused.length).toBe(0);
    } finally {
      if (before !== undefined) process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE = before;
    }
  });

  // 127.0.0.1 plays a public address here (the receivers can only be local); every other address is judged
  const asIfPublic: AddressPolicy = (a) => a === '127.0.0.1' || !isRefusedAddress(a);

  it('follows a redirect only to an address the guard lets through', async () => {
    const port = new URL(rx.base).port;
    for (const inside of [
      `http://127.0.0.2:${port}/cgi-bin/webhook/send?key=${robotSecrets.wecomKey}`,
      `http://[::1]:${port}/cgi-bin/webhook/send?key=${robotSecrets.wecomKey}`,
      `http://[::ffff:127.0.0.1]:${port}/cgi-bin/webhook/send?key=${robotSecrets.wecomKey}`,
      'http://169.254.169.254/latest/meta-data',
    ]) {
      target = inside;
      await expect(
        postRobot(wecomRequest(`${redirectBase}/hop`, message), 'r1', asIfPublic),
        inside,
      ).rejects.toBeInstanceOf(WebhookAddressError);
    }
    expect(rx.accepted.length + rx.refused.length).toBe(0);
    target = robotUrls(rx.base).wecom;
    await postRobot(wecomRequest(`${redirectBase}/hop`, message), 'r2', asIfPublic);
    expect(rx.accepted.map((r) => r.delivery)).toEqual(['r2']);
  });

  it('gives up after a few redirects', async () => {
    target = `${redirectBase}/again`;
    await expect(postRobot(wecomRequest(`${redirectBase}/hop`, message), 'r3', asIfPublic)).rejects.toThrow(
      /redirects/,
    );
  });
});
