/**
 * Signing in and out with e-mail and password, as the data layer sees it: the user looked up and the
 * password verified, a session created and the sign-in time kept, and an audit row in every organisation
 * of the user (action login, login-failed or logout, with the client address). Limiting failed attempts is
 * the caller's (the HTTP route's LoginLimiter); every failure looks the same to the caller.
 */
import type { Db } from '../db.ts';
import { organisationsOf, writeAudit } from './audit.ts';
import { verifyPassword } from './password.ts';
import {
  createSession,
  DEFAULT_SESSION_TTL_MS,
  deleteSession,
  type Session,
  type SessionUser,
  sessionUser,
} from './sessions.ts';

export interface SignInInput {
  /** trimmed and lower case */
  email: string;
  password: string;
  /** the client address, for the audit rows */
  address: string;
  ttlMs?: number;
}

export type SignInResult =
  | { ok: true; user: SessionUser; session: { cookieValue: string; csrfToken: string; expiresAt: string } }
  | { ok: false };

const userAudit = (
  user: { id: string; email: string },
  organisationIds: readonly string[],
  action: string,
  address: string,
) =>
  organisationIds.map((organisationId) => ({
    organisationId,
    actorId: user.id,
    actorLabel: user.email,
    entity: 'users',
    entityId: user.id,
    action,
    after: { address },
  }));

/** a new session for the e-mail and password, or { ok: false } (unknown e-mail, wrong password, disabled user) */
export async function signIn(db: Db, input: SignInInput): Promise<SignInResult> {
  const user = await db.kysely
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'disabled_at'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!user || !ok || user.disabled_at !== null) {
    if (user)
      await writeAudit(
        db.kysely,
        db.clock.now().toISOString(),
        userAudit(user, await organisationsOf(db.kysely, user.id), 'login-failed', input.address),
      );
    return { ok: false };
  }
  const session = await createSession(db, user.id, input.ttlMs ?? DEFAULT_SESSION_TTL_MS);
  const at = db.clock.now().toISOString();
  await db.kysely.updateTable('users').set({ last_login_at: at }).where('id', '=', user.id).execute();
  const signedIn = await sessionUser(db, user);
  await writeAudit(
    db.kysely,
    at,
    userAudit(
      user,
      signedIn.organisations.map((o) => o.id),
      'login',
      input.address,
    ),
  );
  return { ok: true, user: signedIn, session };
}

/** ends the session, with a logout audit row in every organisation of its user */
export async function signOut(db: Db, session: Session, address: string): Promise<void> {
  await deleteSession(db, session.idHash);
  const u = session.user;
  await writeAudit(
    db.kysely,
    db.clock.now().toISOString(),
    userAudit(
      u,
      u.organisations.map((o) => o.id),
      'logout',
      address,
    ),
  );
}
