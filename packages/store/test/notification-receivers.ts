/**
 * Local receivers for the reminder tests: an HTTP server that plays the WeCom, DingTalk and Feishu robots
 * and VERIFIES their credentials and signatures (computed here independently of the sender's code; a wrong
 * secret is refused as the robot would), and a real SMTP server (smtp-server) that demands a login.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RobotSecrets {
  wecomKey: string;
  dingtalkToken: string;
  dingtalkSecret: string;
  feishuToken: string;
  feishuSecret: string;
}

export interface Received {
  robot: 'wecom' | 'dingtalk' | 'feishu';
  delivery: string | undefined;
  body: Record<string, unknown>;
}

export interface RobotReceiver {
  base: string;
  accepted: Received[];
  refused: Received[];
  /** robots that answer HTTP 500 (a failing channel) */
  failing: Set<string>;
  close(): Promise<void>;
}

const hmac64 = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64');
const HOUR_MS = 3_600_000;

function verify(
  url: URL,
  body: Record<string, unknown>,
  s: RobotSecrets,
  fresh: (ms: number) => boolean,
): Received['robot'] | string {
  if (url.pathname === '/cgi-bin/webhook/send')
    return url.searchParams.get('key') === s.wecomKey && typeof body.msgtype === 'string'
      ? 'wecom'
      : 'bad key';
  if (url.pathname === '/robot/send') {
    const ts = url.searchParams.get('timestamp') ?? '';
    const ok =
      url.searchParams.get('access_token') === s.dingtalkToken &&
      fresh(Number(ts)) &&
      url.searchParams.get('sign') === hmac64(s.dingtalkSecret, `${ts}\n${s.dingtalkSecret}`);
    return ok ? 'dingtalk' : 'sign not match';
  }
  if (url.pathname === `/open-apis/bot/v2/hook/${s.feishuToken}`) {
    const ts = String(body.timestamp ?? '');
    const ok = fresh(Number(ts) * 1000) && body.sign === hmac64(`${ts}\n${s.feishuSecret}`, '');
    return ok ? 'feishu' : 'sign match fail';
  }
  return 'unknown robot';
}

/**
 * `clockSkew: false` skips the robots' one-hour freshness check of the timestamp (for senders on a stopped
 * test clock); the signature is checked all the same
 */
export async function startRobotReceiver(
  s: RobotSecrets,
  o: { clockSkew?: boolean } = {},
): Promise<RobotReceiver> {
  const fresh = (ms: number) => o.clockSkew === false || Math.abs(Date.now() - ms) < HOUR_MS;
  const accepted: Received[] = [];
  const refused: Received[] = [];
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const robot = verify(url, body, s, fresh);
      const delivery = req.headers['x-icpdesk-delivery'] as string | undefined;
      res.setHeader('content-type', 'application/json');
      if (robot !== 'wecom' && robot !== 'dingtalk' && robot !== 'feishu') {
        refused.push({ robot: 'wecom', delivery, body });
        const isFeishu = url.pathname.startsWith('/open-apis');
        res.end(JSON.stringify(isFeishu ? { code: 19021, msg: robot } : { errcode: 310000, errmsg: robot }));
        return;
      }
      if (failing.has(robot)) {
        res.statusCode = 500;
        res.end('{}');
        return;
      }
      accepted.push({ robot, delivery, body });
      res.end(
        JSON.stringify(robot === 'feishu' ? { code: 0, msg: 'success' } : { errcode: 0, errmsg: 'ok' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    accepted,
    refused,
    failing,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  close(): Promise<void>;
}

/**
 * a real SMTP server on 127.0.0.1 that accepts only `user`/`password` (plain text, no TLS: a test); with
 * `slow`, it greets each connection only after `delayMs`, and then (`refuse`) with a 554 refusal
 */
export async function startSmtpReceiver(
  user: string,
  password: string,
  slow?: { delayMs: number; refuse?: boolean },
): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, cb) {
      if (!slow) return cb();
      setTimeout(() => cb(slow.refuse ? new Error('too busy, try later') : undefined), slow.delayMs);
    },
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * The local receivers listen on 127.0.0.1, an address the webhook guard refuses: the tests opt in as an
 * operator would (ICPDESK_WEBHOOK_ALLOW_PRIVATE=1, docs/DEPLOY.md). Returns the undo, for afterAll.
 */
export function allowPrivateWebhooksForTests(): () => void {
  const before = process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
  process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE = '1';
  return () => {
    if (before === undefined) delete process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE;
    else process.env.ICPDESK_WEBHOOK_ALLOW_PRIVATE = before;
  };
}

export const robotSecrets: RobotSecrets = {
  wecomKey: 'wecom-key-0f3a9c',
  dingtalkToken: 'ding-token-7b21',
  dingtalkSecret: 'SECding-secret-4c8e1f',
  feishuToken: 'feishu-token-91d2',
  feishuSecret: 'feishu-secret-6a0b3e',
};

export const robotUrls = (base: string, s: RobotSecrets = robotSecrets) => ({
  wecom: `${base}/cgi-bin/webhook/send?key=${s.wecomKey}`,
  dingtalk: `${base}/robot/send?access_token=${s.dingtalkToken}`,
  feishu: `${base}/open-apis/bot/v2/hook/${s.feishuToken}`,
});
