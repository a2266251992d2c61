/**
 * The group robots' documented message formats and signing schemes (what is sent; no text of their
 * documentation is copied):
 *
 * - WeCom (企业微信) group robot: POST JSON to its webhook URL (https://qyapi.weixin.qq.com/cgi-bin/webhook/send
 *   ?key=…; the key in the URL is the credential, there is no signing), `{ msgtype: "markdown", markdown:
 *   { content } }`; success is `errcode` 0. Source: developer.work.weixin.qq.com, 群机器人配置说明.
 * - DingTalk (钉钉) custom robot with 加签: the string `timestamp + "\n" + secret` (timestamp in milliseconds)
 *   is signed by HMAC-SHA256 keyed with the secret, Base64-encoded, and sent URL-encoded as the `timestamp`
 *   and `sign` query parameters; body `{ msgtype: "markdown", markdown: { title, text } }`; success is
 *   `errcode` 0. Source: open.dingtalk.com, 自定义机器人安全设置 (加签) and 自定义机器人发送群消息.
 * - Feishu/Lark (飞书) custom bot with 签名校验: `timestamp + "\n" + secret` (timestamp in seconds) is the
 *   HMAC-SHA256 KEY over an empty message, Base64-encoded; `timestamp` and `sign` go in the JSON body beside
 *   `{ msg_type: "text", content: { text } }`; success is `code` 0. Source: open.feishu.cn, 自定义机器人使用指南
 *   (document/client-docs/bot-v3/add-custom-bot).
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Message } from './messages.ts';
import { type AddressPolicy, guardedLookup, guardedTarget, webhookPolicy } from './webhook-guard.ts';

export interface RobotRequest {
  url: string;
  body: unknown;
}

/** DingTalk's sign: Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)) */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu's sign: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, data = empty)) */
export function feishuSign(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

export function wecomRequest(url: string, m: Message): RobotRequest {
  return { url, body: { msgtype: 'markdown', markdown: { content: `**${m.title}**\n${m.text}` } } };
}

export function dingtalkRequest(
  url: string,
  secret: string | undefined,
  m: Message,
  now: Date,
): RobotRequest {
  const body = { msgtype: 'markdown', markdown: { title: m.title, text: `#### ${m.title}\n${m.text}` } };
  if (!secret) return { url, body };
  const u = new URL(url);
  const ts = now.getTime();
  u.searchParams.set('timestamp', String(ts));
  u.searchParams.set('sign', dingtalkSign(ts, secret));
  return { url: u.toString(), body };
}

export function feishuRequest(url: string, secret: string | undefined, m: Message, now: Date): RobotRequest {
  const content = { msg_type: 'text', content: { text: `${m.title}\n${m.text}` } };
  if (!secret) return { url, body: content };
  const ts = Math.floor(now.getTime() / 1000);
  return { url, body: { timestamp: String(ts), sign: feishuSign(ts, secret), ...content } };
}

const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

interface Answer {
  status: number;
  location: string | undefined;
  text: string;
}

/** one POST through the webhook guard: an IP literal is checked before, a name by the connection's look-up */
function post(url: URL, body: string, deliveryId: string, policy: AddressPolicy): Promise<Answer> {
  guardedTarget(url, policy);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-icpdesk-delivery': deliveryId,
        },
        lookup: guardedLookup(policy) as never,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POSTs the request; throws unless HTTP 2xx and the robot's own code (errcode/code) is 0. A 307/308 redirect is
 * followed (a few times at most) only to a URL the guard lets through; other redirects are failures.
 */
export async function postRobot(
  r: RobotRequest,
  deliveryId: string,
  policy: AddressPolicy = webhookPolicy(),
): Promise<void> {
  const body = JSON.stringify(r.body);
  let url = new URL(r.url);
  let res = await post(url, body, deliveryId, policy);
  for (let hops = 0; (res.status === 307 || res.status === 308) && res.location; hops++) {
    if (hops === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    url = new URL(res.location, url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('redirect to a non-HTTP URL');
    res = await post(url, body, deliveryId, policy);
  }
  const { text } = res;
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: number; code?: number; errmsg?: string; msg?: string } = {};
  try {
    answer = JSON.parse(text);
  } catch {}
  const code = answer.errcode ?? answer.code ?? 0;
  if (code !== 0) throw new Error(`robot refused (${code}): ${answer.errmsg ?? answer.msg ?? ''}`);
}
