/**
 * Invitations by link. A manager (owner, admin) invites an e-mail address with a role — for a client, with
 * the companies it will see — and gets a link `/invite/<token>` once; the database keeps only the token's
 * SHA-256. Whoever opens the link sees the organisation's name, the role and the e-mail address, nothing
 * else of the organisation.
 *
 * Accepting:
 * - no account has the e-mail yet: the invitee chooses a password (the rules of ./password.ts) and an
 *   optional name; the account is made and signed in.
 * - an account has the e-mail: the invitee must be signed in as that account (INVITATION_SIGN_IN_REQUIRED
 *   otherwise, INVITATION_EMAIL_MISMATCH when signed in as someone else). We deliberately do not take the
 *   account's password here: that would open a second place to guess passwords, outside the sign-in
 *   limiter and its audit trail, and a session already proves who the user is.
 *
 * An invitation is used once (INVITATION_ACCEPTED), can be revoked by a manager (INVITATION_REVOKED) and
 * expires (INVITATION_EXPIRED); an unknown token is INVITATION_NOT_FOUND. A new invitation for an address
 * replaces the organisation's pending ones for it (they are revoked). An admin cannot invite an owner.
 * Writes leave audit rows (entity "invitations": create | revoke | accept | reissue | email; and on acceptance
 * "users" create, "memberships" create, "client_company_links" update) in the same transaction.
 *
 * E-mail (../notifications/invitation-mail.ts): the row records how the link went out (`mail`: sending,
 * sent, no-channel, failed, with when). Since only the token's hash is kept, sending the link again means a
 * fresh link (`reissueInvitation`): the old one stops working, the expiry stays.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { type Page, pageFrom } from '../keyset.ts';
import { companiesOf, linkNewClient } from '../members.ts';
import type { Database, InvitationMailStatus, InvitationsTable, Role } from '../schema.ts';
import { auditActor, isUniqueViolation, mustManage, RepoError, roleZh, type Scope } from '../scope.ts';
import { writeAudit } from './audit.ts';
import { hashPassword } from './password.ts';
import { sha256Hex } from './sessions.ts';

/**
 * How long a link stays valid unless the inviter says otherwise. A product setting (long enough for a
 * client to find the e-mail after a week-end, short enough that a forgotten link goes stale), not a legal
 * number, so it lives here rather than in kb/.
 */
export const INVITATION_TTL_DAYS = 7;
export const INVITATION_MAX_TTL_DAYS = 30;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  companyIds: string[];
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedBy: string | null;
  revokedAt: string | null;
  /** how the link went out by e-mail and since when; null when it was not e-mailed */
  mail: { status: InvitationMailStatus; at: string } | null;
}

/** a send that has said nothing for this long is taken as lost (the process stopped): it may be sent again */
export const INVITATION_MAIL_STALE_MS = 5 * 60 * 1000;

export interface InvitationInput {
  /** normalised (trimmed, lower case) by the caller */
  email: string;
  role: Role;
  /** for role client only */
  companyIds: string[];
  ttlDays?: number;
  /** how the link will go out: by e-mail right after (sending), or not (no-channel); unrecorded when absent */
  mail?: 'sending' | 'no-channel';
}

/** what an anonymous holder of the link is shown */
export interface InvitationPreview {
  organisationName: string;
  email: string;
  role: Role;
  expiresAt: string;
  /** whether an account has the e-mail (then the invitee signs in to accept, else chooses a password) */
  accountExists: boolean;
}

type Q = Kysely<Database> | Transaction<Database>;

const toInvitation = (r: InvitationsTable): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  companyIds: JSON.parse(r.company_ids) as string[],
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  acceptedBy: r.accepted_by,
  revokedAt: r.revoked_at,
  mail: r.mail_status && r.mail_at ? { status: r.mail_status, at: r.mail_at } : null,
});

const alreadyMember = (email: string) => ({
  zh: `${email} 已是本机构成员`,
  en: `${email} is already a member`,
});
const signInFirst = (email: string) => ({ zh: `请先以 ${email} 登录`, en: `sign in as ${email} first` });
const linkUsed = { zh: '该链接已被使用', en: 'the link has been used' };
/** VALIDATION_FAILED's detail when a new account is made without a password */
export const choosePassword = { zh: '请为新账户设置密码', en: 'choose a password for the new account' };

const manage = (scope: Scope) => mustManage(scope, { zh: '邀请', en: 'invitations' });

const pending = (q: Q, scope: Scope, at: string) =>
  q
    .selectFrom('invitations')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at);

/** the invitation and its link token, which is returned here and never again */
export async function createInvitation(
  db: Db,
  scope: Scope,
  input: InvitationInput,
): Promise<{ invitation: Invitation; token: string }> {
  manage(scope);
  if (input.role === 'owner' && scope.role !== 'owner')
    throw new RepoError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权邀请所有者`,
      en: `role ${scope.role} may not invite an owner`,
    });
  if (input.role !== 'client' && input.companyIds.length)
    throw new RepoError('VALIDATION_FAILED', {
      zh: 'companyIds 仅适用于客户角色的邀请',
      en: 'companyIds are for an invitation with role client only',
    });
  const token = randomBytes(32).toString('base64url');
  const now = db.clock.now();
  const at = now.toISOString();
  const row: InvitationsTable = {
    id: newId(),
    organisation_id: scope.organisationId,
    email: input.email,
    role: input.role,
    company_ids: JSON.stringify([...new Set(input.companyIds)]),
    token_hash: sha256Hex(token),
    invited_by: scope.userId,
    created_at: at,
    expires_at: new Date(now.getTime() + (input.ttlDays ?? INVITATION_TTL_DAYS) * DAY_MS).toISOString(),
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
    mail_status: input.mail ?? null,
    mail_at: input.mail ? at : null,
  };
  const invitation = await db.kysely.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.organisation_id', '=', scope.organisationId)
      .where('users.email', '=', input.email)
      .executeTakeFirst();
    if (member) throw new RepoError('ALREADY_MEMBER', alreadyMember(input.email));
    await companiesOf(trx, scope, JSON.parse(row.company_ids) as string[], 'all');
    const replaced = await pending(trx, scope, at).where('email', '=', input.email).execute();
    if (replaced.length)
      await trx
        .updateTable('invitations')
        .set({ revoked_at: at })
        .where('organisation_id', '=', scope.organisationId)
        .where(
          'id',
          'in',
          replaced.map((r) => r.id),
        )
        .execute();
    await trx.insertInto('invitations').values(row).execute();
    const created = toInvitation(row);
    const actor = { ...auditActor(scope), entity: 'invitations', at };
    await writeAudit(trx, at, [
      ...replaced.map((r) => ({
        ...actor,
        entityId: r.id,
        action: 'revoke',
        before: toInvitation(r),
        after: toInvitation({ ...r, revoked_at: at }),
      })),
      { ...actor, entityId: row.id, action: 'create', after: created },
    ]);
    return created;
  });
  return { invitation, token };
}

/** the organisation's pending invitations (not accepted, revoked or expired), in creation order */
export async function listPendingInvitations(
  db: Db,
  scope: Scope,
  o: { limit: number; cursor?: string },
): Promise<Page<Invitation>> {
  manage(scope);
  let q = pending(db.kysely, scope, db.clock.now().toISOString());
  if (o.cursor) q = q.where('id', '>', db.cursors.decode(o.cursor, 'id').id);
  const rows = await q
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toInvitation, (last) => ({ s: 'id', k: null, id: last.id }));
}

/**
 * Revokes a pending (or expired) invitation: its link stops working. Undefined when the organisation has no
 * invitation of that id; INVITATION_ACCEPTED / INVITATION_REVOKED when it was accepted or revoked already.
 */
export async function revokeInvitation(db: Db, scope: Scope, id: string): Promise<Invitation | undefined> {
  manage(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await changeable(trx, scope, id);
    if (!current) return undefined;
    const at = db.clock.now().toISOString();
    return changeAudited(trx, scope, current, { revoked_at: at }, 'revoke', at);
  });
}

/** changes a pending invitation's row and writes its audit row (entity invitations, `action`); the new state */
async function changeAudited(
  trx: Transaction<Database>,
  scope: Scope,
  current: InvitationsTable,
  set: Partial<InvitationsTable>,
  action: string,
  at: string,
): Promise<Invitation> {
  await trx
    .updateTable('invitations')
    .set(set)
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', current.id)
    .where('token_hash', '=', current.token_hash)
    .execute();
  const after = toInvitation({ ...current, ...set });
  await writeAudit(trx, at, [
    {
      ...auditActor(scope),
      entity: 'invitations',
      entityId: current.id,
      action,
      before: toInvitation(current),
      after,
      at,
    },
  ]);
  return after;
}

/** the invitation of the organisation, for a change by a manager; refuses one accepted or revoked */
async function changeable(trx: Transaction<Database>, scope: Scope, id: string) {
  const current = await trx
    .selectFrom('invitations')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!current) return undefined;
  if (current.accepted_at !== null)
    throw new RepoError('INVITATION_ACCEPTED', {
      zh: '邀请已被接受；如需撤回，请移除该成员',
      en: 'the invitation was accepted; remove the member instead',
    });
  if (current.revoked_at !== null)
    throw new RepoError('INVITATION_REVOKED', { zh: '邀请已被撤销', en: 'revoked already' });
  return current;
}

/**
 * A fresh link for a pending invitation, to send again: the old link stops working (only the token's hash
 * is stored, so the old one cannot be sent again), the expiry stays. Refused while a send of the current
 * link is under way (INVITATION_MAIL_SENDING, until INVITATION_MAIL_STALE_MS), and for an accepted, revoked
 * or expired invitation. Undefined when the organisation has no invitation of that id. Audited (reissue).
 */
export async function reissueInvitation(
  db: Db,
  scope: Scope,
  id: string,
  mail: 'sending' | 'no-channel',
): Promise<{ invitation: Invitation; token: string } | undefined> {
  manage(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await changeable(trx, scope, id);
    if (!current) return undefined;
    const now = db.clock.now();
    const at = now.toISOString();
    if (current.expires_at <= at)
      throw new RepoError('INVITATION_EXPIRED', {
        zh: `邀请已于 ${current.expires_at} 过期，请重新邀请`,
        en: `the invitation expired at ${current.expires_at}; invite again`,
      });
    if (
      current.mail_status === 'sending' &&
      current.mail_at !== null &&
      now.getTime() - Date.parse(current.mail_at) < INVITATION_MAIL_STALE_MS
    )
      throw new RepoError('INVITATION_MAIL_SENDING', {
        zh: '邀请邮件正在发送，请稍后再试',
        en: 'the invitation e-mail is being sent; try again later',
      });
    const token = randomBytes(32).toString('base64url');
    const set = { token_hash: sha256Hex(token), mail_status: mail, mail_at: at };
    const invitation = await changeAudited(trx, scope, current, set, 'reissue', at);
    return { invitation, token };
  });
}

/**
 * Records how the e-mail of a link ended (sent, failed), if the invitation is still waiting for that send:
 * pending, its link still `token`'s (not reissued meanwhile) and its status sending. Audited (email), as
 * the inviter's. False when there was nothing to record.
 */
export async function recordInvitationMail(
  db: Db,
  scope: Scope,
  id: string,
  token: string,
  status: 'sent' | 'failed',
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('invitations')
      .selectAll()
      .where('organisation_id', '=', scope.organisationId)
      .where('id', '=', id)
      .where('token_hash', '=', sha256Hex(token))
      .where('mail_status', '=', 'sending')
      .executeTakeFirst();
    if (!current) return false;
    const at = db.clock.now().toISOString();
    await changeAudited(trx, scope, current, { mail_status: status, mail_at: at }, 'email', at);
    return true;
  });
}

// ------------------------------------------------------------------ the link's holder

/** the usable invitation of a link token, with its organisation's name; throws the refusal's code */
async function usable(
  q: Q,
  token: string,
  now: string,
): Promise<InvitationsTable & { organisation_name: string }> {
  const row = TOKEN.test(token)
    ? await q
        .selectFrom('invitations')
        .innerJoin('organisations', 'organisations.id', 'invitations.organisation_id')
        .selectAll('invitations')
        .select('organisations.name as organisation_name')
        .where('invitations.token_hash', '=', sha256Hex(token))
        .executeTakeFirst()
    : undefined;
  if (!row)
    throw new RepoError('INVITATION_NOT_FOUND', {
      zh: '没有与该链接对应的邀请',
      en: 'no invitation has this link',
    });
  if (row.accepted_at !== null) throw new RepoError('INVITATION_ACCEPTED', linkUsed);
  if (row.revoked_at !== null)
    throw new RepoError('INVITATION_REVOKED', { zh: '邀请已被撤销', en: 'the invitation was revoked' });
  if (row.expires_at <= now)
    throw new RepoError('INVITATION_EXPIRED', {
      zh: `链接已于 ${row.expires_at} 过期`,
      en: `the link expired at ${row.expires_at}`,
    });
  return row;
}

const accountOf = (q: Q, email: string) =>
  q.selectFrom('users').select(['id', 'email', 'disabled_at']).where('email', '=', email).executeTakeFirst();

/** what the link shows to whoever holds it */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const row = await usable(db.kysely, token, db.clock.now().toISOString());
  return {
    organisationName: row.organisation_name,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
    accountExists: (await accountOf(db.kysely, row.email)) !== undefined,
  };
}

export interface AcceptInput {
  token: string;
  /** the signed-in user, if any */
  signedIn?: { id: string; email: string };
  /** for a new account: already checked against the password rules by the caller */
  password?: string;
  name?: string | null;
}

export interface Accepted {
  userId: string;
  email: string;
  organisationId: string;
  /** true when the acceptance made the account */
  created: boolean;
}

/**
 * Accepts the invitation of a link: makes the account if the e-mail has none, adds the membership and the
 * client links, marks the invitation used — all in one transaction, so a failure leaves the link usable.
 */
export async function acceptInvitation(db: Db, input: AcceptInput): Promise<Accepted> {
  const invitation = await usable(db.kysely, input.token, db.clock.now().toISOString());
  const existing = await accountOf(db.kysely, invitation.email);
  if (existing) {
    if (!input.signedIn) throw new RepoError('INVITATION_SIGN_IN_REQUIRED', signInFirst(invitation.email));
    if (input.signedIn.id !== existing.id)
      throw new RepoError('INVITATION_EMAIL_MISMATCH', {
        zh: `该邀请发给了 ${invitation.email}`,
        en: `the invitation is for ${invitation.email}`,
      });
  } else if (input.password === undefined) throw new RepoError('VALIDATION_FAILED', choosePassword);
  // the slow hash before the transaction, so that it holds no lock meanwhile
  const passwordHash = existing ? undefined : await hashPassword(input.password!);

  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const at = db.clock.now().toISOString();
      // claim the invitation first: of two concurrent acceptances only one gets the row
      const claimed = await trx
        .updateTable('invitations')
        .set({ accepted_at: at })
        .where('id', '=', invitation.id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        await usable(trx, input.token, at); // throws why
        throw new RepoError('INVITATION_ACCEPTED', linkUsed);
      }
      const userId = existing?.id ?? newId();
      const actor = {
        organisationId: invitation.organisation_id,
        actorId: userId,
        actorLabel: invitation.email,
      };
      const scope: Scope = {
        organisationId: invitation.organisation_id,
        userId,
        role: invitation.role,
        actorLabel: invitation.email,
      };
      const audit = [];
      if (!existing) {
        const user = {
          id: userId,
          email: invitation.email,
          name: input.name ?? null,
          created_at: at,
          updated_at: at,
          last_login_at: at,
          disabled_at: null,
        };
        await trx
          .insertInto('users')
          .values({ ...user, password_hash: passwordHash! })
          .execute();
        audit.push({ ...actor, entity: 'users', entityId: userId, action: 'create', after: user, at });
      }
      const member = await trx
        .selectFrom('memberships')
        .select('role')
        .where('organisation_id', '=', invitation.organisation_id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (member) throw new RepoError('ALREADY_MEMBER', alreadyMember(invitation.email));
      const membership = {
        organisation_id: invitation.organisation_id,
        user_id: userId,
        role: invitation.role,
        created_at: at,
      };
      await trx.insertInto('memberships').values(membership).execute();
      await trx
        .updateTable('invitations')
        .set({ accepted_by: userId })
        .where('id', '=', invitation.id)
        .execute();
      const before = toInvitation(invitation);
      audit.push(
        {
          ...actor,
          entity: 'invitations',
          entityId: invitation.id,
          action: 'accept',
          before,
          after: { ...before, acceptedAt: at, acceptedBy: userId },
          at,
        },
        { ...actor, entity: 'memberships', entityId: userId, action: 'create', after: membership, at },
      );
      await writeAudit(trx, at, audit);
      if (invitation.role === 'client')
        await linkNewClient(trx, at, scope, userId, JSON.parse(invitation.company_ids) as string[]);
      return {
        userId,
        email: invitation.email,
        organisationId: invitation.organisation_id,
        created: !existing,
      };
    });
  } catch (e) {
    // an account for the e-mail was made meanwhile (another acceptance or an admin): sign in as it
    if (!existing && isUniqueViolation(e) && (await accountOf(db.kysely, invitation.email)))
      throw new RepoError('INVITATION_SIGN_IN_REQUIRED', signInFirst(invitation.email));
    throw e;
  }
}
