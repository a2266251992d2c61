/**
 * An invitation's link by e-mail: when the organisation has an enabled e-mail channel (its SMTP server), the
 * invitee gets the link through it, as reminders go; without one the inviter passes the link on. A failed
 * send does not undo the invitation: the inviter still has the link.
 */
import type { Db } from '../db.ts';
import type { Role } from '../schema.ts';
import { roleZh } from '../scope.ts';
import { listChannels } from './channels.ts';
import { sendThrough } from './send.ts';

export interface InvitationMail {
  invitationId: string;
  email: string;
  role: Role;
  /** the absolute link the invitee opens */
  link: string;
  expiresAt: string;
}

/** 'sent'; 'no-channel' (no enabled e-mail channel); 'failed' (the SMTP server did not take it) */
export type InvitationMailResult = 'sent' | 'no-channel' | 'failed';

export async function emailInvitation(
  db: Db,
  organisationId: string,
  m: InvitationMail,
): Promise<InvitationMailResult> {
  const channel = (await listChannels(db, organisationId)).find(
    (c) => c.enabled && c.config.kind === 'email',
  );
  if (!channel) return 'no-channel';
  const org = await db.kysely
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  const name = org?.name ?? '';
  const until = m.expiresAt.slice(0, 10);
  try {
    await sendThrough(db, channel, {
      id: `invitation-${m.invitationId}`,
      key: `invitation-${m.invitationId}`,
      recipient: m.email,
      organisationId,
      message: {
        title: `${name} 邀请您加入 icpdesk / ${name} invites you to icpdesk`,
        text: [
          `${name} 邀请您以“${roleZh[m.role]}”身份加入 icpdesk。请在 ${until} 前打开以下链接接受邀请：`,
          `${name} invites you to icpdesk as ${m.role}. Open this link by ${until} to accept:`,
          '',
          m.link,
          '',
          '如非本人操作，请忽略此邮件。/ If you did not expect this, ignore this e-mail.',
        ].join('\n'),
      },
    });
    return 'sent';
  } catch {
    return 'failed';
  }
}
