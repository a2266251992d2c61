/**
 * An invitation's link by e-mail: when the organisation has an enabled e-mail channel (its SMTP server), the
 * invitee gets the link through it, as reminders go; without one the inviter passes the link on. A failed
 * send does not undo the invitation: the inviter still has the link, or makes a fresh one to send again
 * (reissueInvitation).
 *
 * The send happens after the request that made the link has been answered (a slow SMTP server would hold
 * it up to its timeouts), in the same process: the link exists only in that process's memory until the
 * mail is out, never in a database row (the invitation keeps only its hash). The price: if the process
 * stops in between, the mail is not sent and the invitation stays `sending`; after
 * INVITATION_MAIL_STALE_MS a manager may send a fresh link. Queueing the link for the worker would have
 * meant storing it, a secret as strong as the invitation, in the queue.
 */

import { recordInvitationMail } from '../auth/invitations.ts';
import type { Db } from '../db.ts';
import type { InvitationMailStatus, Role } from '../schema.ts';
import { roleZh, type Scope } from '../scope.ts';
import { listChannels } from './channels.ts';
import { sendThrough } from './send.ts';

export interface InvitationMail {
  invitationId: string;
  email: string;
  role: Role;
  /** the link's token (to find the invitation's row by its hash) and the absolute link the invitee opens */
  token: string;
  link: string;
  expiresAt: string;
}

const emailChannelOf = async (db: Db, organisationId: string) =>
  (await listChannels(db, organisationId)).find((c) => c.enabled && c.config.kind === 'email');

/** how a new link will go out: 'sending' when the organisation has an enabled e-mail channel, else 'no-channel' */
export async function invitationMailStart(db: Db, organisationId: string): Promise<'sending' | 'no-channel'> {
  return (await emailChannelOf(db, organisationId)) ? 'sending' : 'no-channel';
}

/**
 * Sends the link through the organisation's e-mail channel and records the outcome (sent, failed) on the
 * invitation, as the scope's; never throws. Returns the outcome.
 */
export async function sendInvitationMail(
  db: Db,
  scope: Scope,
  m: InvitationMail,
): Promise<Extract<InvitationMailStatus, 'sent' | 'failed'>> {
  let outcome: 'sent' | 'failed' = 'failed';
  try {
    const channel = await emailChannelOf(db, scope.organisationId);
    if (channel) {
      const org = await db.kysely
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', scope.organisationId)
        .executeTakeFirst();
      await sendThrough(db, channel, {
        id: `invitation-${m.invitationId}-${m.token.slice(0, 8)}`,
        key: `invitation-${m.invitationId}`,
        recipient: m.email,
        organisationId: scope.organisationId,
        message: invitationMessage(org?.name ?? '', m),
      });
      outcome = 'sent';
    }
  } catch {
    outcome = 'failed';
  }
  try {
    await recordInvitationMail(db, scope, m.invitationId, m.token, outcome);
  } catch {
    // the database went away meanwhile (shutdown): the invitation stays `sending`, which turns stale
  }
  return outcome;
}

function invitationMessage(name: string, m: InvitationMail) {
  const until = m.expiresAt.slice(0, 10);
  return {
    title: `${name} 邀请您加入 icpdesk / ${name} invites you to icpdesk`,
    text: [
      `${name} 邀请您以“${roleZh[m.role]}”身份加入 icpdesk。请在 ${until} 前打开以下链接接受邀请：`,
      `${name} invites you to icpdesk as ${m.role}. Open this link by ${until} to accept:`,
      '',
      m.link,
      '',
      '如非本人操作，请忽略此邮件。/ If you did not expect this, ignore this e-mail.',
    ].join('\n'),
  };
}
