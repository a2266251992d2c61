/**
 * Server-side sessions. The cookie carries a random id (32 bytes, base64url); the database keeps only its
 * SHA-256, so a copy of the database does not let anyone sign in. Each session has a CSRF token of its own,
 * which cookie-authenticated writes must echo in the X-CSRF-Token header.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { Db } from '../db.ts';
import type { Role } from '../schema.ts';

export const SESSION_COOKIE = 'icpdesk_session';
export const CSRF_HEADER = 'x-csrf-token';
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session */
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  organisations: { id: string; name: string; role: Role }[];
}

export interface Session {
  idHash: string;
  csrfToken: string;
  expiresAt: string;
  user: SessionUser;
  /**
   * organisation id → its audit version (audit-versions.ts), read in the same query as the session: a read
   * that serves a kept answer by it needs no second round trip to the database
   */
  auditVersions: Record<string, number>;
}

/** a new session for the user; returns the cookie value, which is stored nowhere */
export async function createSession(
  db: Db,
  userId: string,
  ttlMs = DEFAULT_SESSION_TTL_MS,
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: string }> {
  const cookieValue = randomToken();
  const csrfToken = randomToken();
  const now = db.clock.now();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.kysely
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(cookieValue),
      user_id: userId,
      csrf_secret: csrfToken,
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
    })
    .execute();
  return { cookieValue, csrfToken, expiresAt };
}

/**
 * One query for the session, its user and the user's memberships (a row each; one row with nulls for none),
 * with each organisation's audit version.
 * Its SQL is compiled once per database, since every signed-in request runs it; only the hash changes.
 */
function sessionQuery(db: Db, idHash: string) {
  return db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .leftJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .leftJoin('audit_versions', 'audit_versions.organisation_id', 'memberships.organisation_id')
    .select([
      'sessions.csrf_secret',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.disabled_at',
      'organisations.id as organisation_id',
      'organisations.name as organisation_name',
      'memberships.role',
      'audit_versions.version as audit_version',
    ])
    .where('sessions.id_hash', '=', idHash)
    .orderBy('organisations.id');
}
type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionQuery>['execute']>>[number];

const compiledSessionSql = new WeakMap<Db, string>();
function sessionSql(db: Db): string {
  let text = compiledSessionSql.get(db);
  if (text === undefined) {
    const compiled = sessionQuery(db, '').compile();
    if (compiled.parameters.length !== 1) throw new Error('the session query takes exactly one parameter');
    text = compiled.sql;
    compiledSessionSql.set(db, text);
  }
  return text;
}

/** the live session of a cookie value with its (enabled) user, or undefined; expired sessions are deleted */
export async function findSession(db: Db, cookieValue: string | undefined): Promise<Session | undefined> {
  if (!cookieValue || !TOKEN.test(cookieValue)) return undefined;
  const idHash = sha256Hex(cookieValue);
  const rows = (await db.kysely.executeQuery(CompiledQuery.raw(sessionSql(db), [idHash])))
    .rows as SessionRow[];
  const row = rows[0];
  if (!row) return undefined;
  const now = db.clock.now();
  if (row.expires_at <= now.toISOString() || row.disabled_at !== null) {
    await deleteSession(db, idHash);
    return undefined;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS)
    await db.kysely
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  const organisations: SessionUser['organisations'] = [];
  const auditVersions: Record<string, number> = {};
  for (const r of rows)
    if (r.organisation_id !== null && r.organisation_name !== null && r.role !== null) {
      organisations.push({ id: r.organisation_id, name: r.organisation_name, role: r.role });
      auditVersions[r.organisation_id] = Number(r.audit_version ?? 0); // 0 before its first audit entry
    }
  return {
    idHash,
    csrfToken: row.csrf_secret,
    expiresAt: row.expires_at,
    user: { id: row.id, email: row.email, name: row.name, organisations },
    auditVersions,
  };
}

export async function sessionUser(
  db: Db,
  user: { id: string; email: string; name: string | null },
): Promise<SessionUser> {
  const organisations = await db.kysely
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id', 'organisations.name', 'memberships.role'])
    .where('memberships.user_id', '=', user.id)
    .orderBy('organisations.id')
    .execute();
  return { id: user.id, email: user.email, name: user.name, organisations };
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** constant-time comparison of the header's token with the session's */
export function csrfMatches(session: Session, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
