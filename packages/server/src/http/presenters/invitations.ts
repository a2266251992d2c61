/** What the API shows of an invitation (Invitation), as the store keeps it; never its link token. */
import { type Invitation, roles } from '@icpdesk/store';
import { z } from 'zod';

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  companyIds: z.array(z.string()).describe('for a client: the companies it will see'),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  mail: z
    .object({
      status: z
        .enum(['sending', 'sent', 'no-channel', 'failed'])
        .describe(
          'sending (after the answer); sent (the SMTP server took it); no-channel (no enabled e-mail channel: pass the link on); failed (the SMTP server refused it or did not answer)',
        ),
      at: z.string().describe('when it took this status'),
    })
    .nullable()
    .describe('how the link went out by e-mail; null when it was not e-mailed'),
});

/** an invitation just made: the only answer that carries its link */
export const createdInvitationSchema = z.object({
  invitation: invitationSchema,
  token: z.string().describe('the link token; it is not shown again'),
  path: z.string().describe('the link’s path on the web app: /invite/<token>'),
  emailed: z
    .enum(['sending', 'no-channel'])
    .describe(
      'sending: the link is e-mailed to the invitee through the organisation’s enabled e-mail channel right after this answer (the outcome appears as the invitation’s mail in GET /api/v1/invitations); no-channel: none, pass the link on',
    ),
});

export const invitationPath = (token: string) => `/invite/${token}`;

export const presentCreatedInvitation = (
  made: { invitation: Invitation; token: string },
  emailed: 'sending' | 'no-channel',
): z.infer<typeof createdInvitationSchema> => ({ ...made, path: invitationPath(made.token), emailed });

/** what an anonymous holder of the link is shown */
export const invitationPreviewSchema = z.object({
  organisationName: z.string(),
  email: z.string(),
  role: z.enum(roles),
  expiresAt: z.string(),
  accountExists: z
    .boolean()
    .describe('true: sign in as the e-mail, then accept; false: accept with a new password'),
});
