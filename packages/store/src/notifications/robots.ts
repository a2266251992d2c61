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
import type { Message } from './messages.ts';

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

/** POSTs the request; throws unless HTTP 2xx and the robot's own code (errcode/code) is 0 */
export async function postRobot(r: RobotRequest, deliveryId: string): Promise<void> {
  const res = await fetch(r.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-icpdesk-delivery': deliveryId },
    body: JSON.stringify(r.body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: number; code?: number; errmsg?: string; msg?: string } = {};
  try {
    answer = JSON.parse(text);
  } catch {}
  const code = answer.errcode ?? answer.code ?? 0;
  if (code !== 0) throw new Error(`robot refused (${code}): ${answer.errmsg ?? answer.msg ?? ''}`);
}
