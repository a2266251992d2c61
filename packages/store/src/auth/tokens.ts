/**
 * API tokens for integrations: `icpd_` + 32 random bytes (base64url). The secret is shown once, when the
 * token is made; the database keeps only its SHA-256, so a copy of the database holds no usable token.
 *
 * A token belongs to one organisation and acts for the member who made it, with that member's CURRENT role
 * in the organisation, narrowed by the token's scopes: `read` (GET), `write` (compliance data, as
 * mustWrite checks), `admin` (members, invitations, tokens, as mustManage checks). A revoked or expired
 * token, a disabled user, or a user who is no longer a member of the token's organisation is not accepted.
 *
 * Management (create, list, revoke) is tenant-scoped like every repository: owner and admin only, and with
 * a bearer token only one that has the `admin` scope; a token never makes a token with scopes it lacks.
 * Writes leave an audit row (entity "api_tokens") in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { type Page, pageFrom } from '../keyset.ts';
import type { ApiTokensTable, Database } from '../schema.ts';
import { auditActor, mustManage, RepoError, type Scope } from '../scope.ts';
import { writeAudit } from './audit.ts';
import { type SessionUser, sha256Hex } from './sessions.ts';

export const TOKEN_PREFIX = 'icpd_';
export const tokenScopes = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];
const SECRET = /^icpd_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  /** the member the token acts for */
  userId: string;
  userEmail: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenInput {
  name: string;
  scopes: TokenScope[];
  expiresAt: string | null;
}

/** what a bearer token authenticates as */
export interface TokenPrincipal {
  id: string;
  name: string;
  organisationId: string;
  scopes: TokenScope[];
  /** the token's user, with the token's organisation as their only one (and their role in it) */
  user: SessionUser;
}

export const newTokenSecret = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

const parseScopes = (text: string): TokenScope[] => {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? v.filter((s): s is TokenScope => tokenScopes.includes(s as TokenScope)) : [];
};

type Row = ApiTokensTable & { user_email: string };

const toToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  scopes: parseScopes(r.scopes),
  userId: r.user_id,
  userEmail: r.user_email,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

type Q = Kysely<Database> | Transaction<Database>;

const selectTokens = (q: Q, scope: Scope) =>
  q
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select('users.email as user_email')
    .where('api_tokens.organisation_id', '=', scope.organisationId);

const manage = (scope: Scope) => mustManage(scope, { zh: 'API 令牌', en: 'API tokens' });

/** the new token and its secret, which is returned here and never again */
export async function createApiToken(
  db: Db,
  scope: Scope,
  input: ApiTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  manage(scope);
  const wider = scope.tokenScopes && input.scopes.filter((s) => !scope.tokenScopes!.includes(s));
  if (wider?.length)
    throw new RepoError('FORBIDDEN', {
      zh: `该 API 令牌不能创建权限为 ${wider.join(', ')} 的令牌`,
      en: `this API token may not make a token with scope ${wider.join(', ')}`,
    });
  const secret = newTokenSecret();
  const row: ApiTokensTable = {
    id: newId(),
    organisation_id: scope.organisationId,
    user_id: scope.userId,
    name: input.name,
    token_hash: sha256Hex(secret),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_at: db.clock.now().toISOString(),
    expires_at: input.expiresAt,
    last_used_at: null,
    revoked_at: null,
  };
  const token = await db.kysely.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('email')
      .where('id', '=', scope.userId)
      .executeTakeFirstOrThrow();
    await trx.insertInto('api_tokens').values(row).execute();
    const t = toToken({ ...row, user_email: user.email });
    await writeAudit(trx, row.created_at, [
      { ...auditActor(scope), entity: 'api_tokens', entityId: row.id, action: 'create', after: t },
    ]);
    return t;
  });
  return { token, secret };
}

/** the organisation's tokens (revoked and expired ones included), in creation order, without secrets */
export async function listApiTokens(
  db: Db,
  scope: Scope,
  o: { limit: number; cursor?: string },
): Promise<Page<ApiToken>> {
  manage(scope);
  let q = selectTokens(db.kysely, scope);
  if (o.cursor) q = q.where('api_tokens.id', '>', db.cursors.decode(o.cursor, 'id').id);
  const rows = await q
    .orderBy('api_tokens.id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toToken, (last) => ({ s: 'id', k: null, id: last.id }));
}

/**
 * Revokes the token: it stops working at once. The revoked token, or undefined when the organisation has
 * no token of that id. Revoking a revoked token changes nothing (and writes no audit row).
 */
export async function revokeApiToken(db: Db, scope: Scope, id: string): Promise<ApiToken | undefined> {
  manage(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectTokens(trx, scope).where('api_tokens.id', '=', id).executeTakeFirst();
    if (!current) return undefined;
    if (current.revoked_at !== null) return toToken(current);
    const revoked_at = db.clock.now().toISOString();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at })
      .where('organisation_id', '=', scope.organisationId)
      .where('id', '=', id)
      .execute();
    const before = toToken(current);
    const after = toToken({ ...current, revoked_at });
    await writeAudit(trx, revoked_at, [
      { ...auditActor(scope), entity: 'api_tokens', entityId: id, action: 'revoke', before, after },
    ]);
    return after;
  });
}

/**
 * The principal of a bearer secret, or undefined when it is malformed, unknown, revoked or expired, or its
 * user is disabled or no longer a member of the token's organisation. Notes the use (at most every few
 * minutes).
 */
export async function authenticateToken(db: Db, secret: string): Promise<TokenPrincipal | undefined> {
  if (!SECRET.test(secret)) return undefined;
  const row = await db.kysely
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('memberships', (j) =>
      j
        .onRef('memberships.organisation_id', '=', 'api_tokens.organisation_id')
        .onRef('memberships.user_id', '=', 'api_tokens.user_id'),
    )
    .innerJoin('organisations', 'organisations.id', 'api_tokens.organisation_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.scopes',
      'api_tokens.organisation_id',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.email',
      'users.name as user_name',
      'users.disabled_at',
      'memberships.role',
      'organisations.name as organisation_name',
    ])
    .where('api_tokens.token_hash', '=', sha256Hex(secret))
    .executeTakeFirst();
  if (!row) return undefined;
  const now = db.clock.now();
  const at = now.toISOString();
  if (row.revoked_at !== null || row.disabled_at !== null) return undefined;
  if (row.expires_at !== null && row.expires_at <= at) return undefined;
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS)
    await db.kysely.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisation_id,
    scopes: parseScopes(row.scopes),
    user: {
      id: row.user_id,
      email: row.email,
      name: row.user_name,
      organisations: [{ id: row.organisation_id, name: row.organisation_name, role: row.role }],
    },
  };
}
