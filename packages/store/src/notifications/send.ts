/** Sends one message through one channel: SMTP e-mail (nodemailer), a group robot, or an in-app notification. */
import nodemailer from 'nodemailer';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import type { Channel } from './channels.ts';
import type { Message } from './messages.ts';
import { dingtalkRequest, feishuRequest, postRobot, wecomRequest } from './robots.ts';

export interface Envelope {
  /** the delivery's id: sent as X-Icpdesk-Delivery / Message-ID, so a receiver can spot a repeat */
  id: string;
  /** e-mail address (email) or user id (in-app); null for robots */
  recipient: string | null;
  /** unique key of an in-app notification */
  key: string;
  organisationId: string;
  message: Message;
}

const SMTP_TIMEOUT_MS = 15_000;

export async function sendThrough(db: Db, channel: Channel, e: Envelope): Promise<void> {
  const c = channel.config;
  const now = db.clock.now();
  switch (c.kind) {
    case 'email': {
      if (!e.recipient) throw new Error('an e-mail needs a recipient');
      const transport = nodemailer.createTransport({
        host: c.smtp.host,
        port: c.smtp.port,
        secure: c.smtp.secure,
        ...(c.smtp.user ? { auth: { user: c.smtp.user, pass: c.smtp.password ?? '' } } : {}),
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      });
      try {
        await transport.sendMail({
          from: c.from,
          to: e.recipient,
          subject: e.message.title,
          text: e.message.text,
          messageId: `<${e.id}@icpdesk>`,
          headers: { 'X-Icpdesk-Delivery': e.id },
        });
      } finally {
        transport.close();
      }
      return;
    }
    case 'wecom':
      return postRobot(wecomRequest(c.url, e.message), e.id);
    case 'dingtalk':
      return postRobot(dingtalkRequest(c.url, c.secret, e.message, now), e.id);
    case 'feishu':
      return postRobot(feishuRequest(c.url, c.secret, e.message, now), e.id);
    case 'in-app': {
      if (!e.recipient) throw new Error('an in-app notification needs a user');
      await db.kysely
        .insertInto('notifications')
        .values({
          id: newId(),
          organisation_id: e.organisationId,
          user_id: e.recipient,
          dedupe_key: e.key,
          title: e.message.title,
          body: e.message.text,
          read_at: null,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
      return;
    }
  }
}
