/**
 * Secret iCalendar feeds of obligations (issue #11 §4; migration 0011): a feed shows the obligations of an
 * organisation, or of one of its companies, to anyone holding its URL — a calendar application cannot sign
 * in. Its secret (`icpc_` + 32 random bytes, base64url) is shown once, when the feed is made; the database
 * keeps only its SHA-256, like API tokens.
 *
 * Owners and admins make, list and revoke feeds (audited, entity "calendar_feeds"). A feed answers while it
 * is not revoked and the member who made it is still an owner or admin of the organisation; a feed of a
 * company goes with the company.
 */
import { randomBytes } from 'node:crypto';
import { writeAudit } from './auth/audit.ts';
import { sha256Hex } from './auth/sessions.ts';
import type { Db } from './db.ts';
import { newId } from './ids.ts';
import { type Page, pageFrom } from './keyset.ts';
import { companySeen } from './obligations/list.ts';
import type { Id, Timestamp } from './schema.ts';
import { auditActor, MANAGER_ROLES, mustManage, RepoError, type Scope } from './scope.ts';

export interface CalendarFeedsTable {
  id: Id;
  organisation_id: Id;
  /** null: the whole organisation */
  company_id: Id | null;
  name: string;
  /** SHA-256 (hex) of the secret */
  token_hash: string;
  /** zh | en */
  language: string;
  /** days before the due day an alarm rings: number[] (JSON) */
  alarm_days: string;
  created_by: Id | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export const feedLanguages = ['zh', 'en'] as const;
export type FeedLanguage = (typeof feedLanguages)[number];

export interface CalendarFeed {
  id: string;
  name: string;
  companyId: string | null;
  language: FeedLanguage;
  alarmDays: number[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CalendarFeedInput {
  name: string;
  companyId: string | null;
  language: FeedLanguage;
  alarmDays: number[];
}

export const FEED_PREFIX = 'icpc_';
const SECRET = /^icpc_[A-Za-z0-9_-]{43}$/;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const toFeed = (r: CalendarFeedsTable): CalendarFeed => ({
  id: r.id,
  name: r.name,
  companyId: r.company_id,
  language: r.language === 'en' ? 'en' : 'zh',
  alarmDays: JSON.parse(r.alarm_days) as number[],
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

const manage = (scope: Scope) => mustManage(scope, { zh: '日历订阅', en: 'calendar feeds' });

/** the new feed and its secret, which is returned here and never again */
export async function createCalendarFeed(
  db: Db,
  scope: Scope,
  input: CalendarFeedInput,
): Promise<{ feed: CalendarFeed; secret: string }> {
  manage(scope);
  const secret = `${FEED_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row: CalendarFeedsTable = {
    id: newId(),
    organisation_id: scope.organisationId,
    company_id: input.companyId,
    name: input.name,
    token_hash: sha256Hex(secret),
    language: input.language,
    alarm_days: JSON.stringify([...new Set(input.alarmDays)].sort((a, b) => b - a)),
    created_by: scope.userId,
    created_at: db.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  const feed = await db.kysely.transaction().execute(async (trx) => {
    if (input.companyId && !(await companySeen(trx, scope, input.companyId)))
      throw new RepoError('COMPANY_UNKNOWN', {
        zh: `本组织没有公司 ${input.companyId.slice(0, 100)}`,
        en: `the organisation has no company ${input.companyId.slice(0, 100)}`,
      });
    await trx.insertInto('calendar_feeds').values(row).execute();
    const f = toFeed(row);
    await writeAudit(trx, row.created_at, [
      {
        ...auditActor(scope),
        entity: 'calendar_feeds',
        entityId: row.id,
        companyId: row.company_id,
        action: 'create',
        after: f,
      },
    ]);
    return f;
  });
  return { feed, secret };
}

/** the organisation's feeds (revoked ones included), in creation order, without secrets */
export async function listCalendarFeeds(
  db: Db,
  scope: Scope,
  o: { limit: number; cursor?: string },
): Promise<Page<CalendarFeed>> {
  manage(scope);
  let q = db.kysely
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId);
  if (o.cursor) q = q.where('id', '>', db.cursors.decode(o.cursor, 'id').id);
  const rows = await q
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toFeed, (last) => ({ s: 'id', k: null, id: last.id }));
}

/** revokes the feed (it stops answering at once); undefined when the organisation has none of that id */
export async function revokeCalendarFeed(
  db: Db,
  scope: Scope,
  id: string,
): Promise<CalendarFeed | undefined> {
  manage(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('organisation_id', '=', scope.organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) return undefined;
    if (current.revoked_at !== null) return toFeed(current);
    const revoked_at = db.clock.now().toISOString();
    await trx
      .updateTable('calendar_feeds')
      .set({ revoked_at })
      .where('organisation_id', '=', scope.organisationId)
      .where('id', '=', id)
      .execute();
    const before = toFeed(current);
    const after = toFeed({ ...current, revoked_at });
    await writeAudit(trx, revoked_at, [
      {
        ...auditActor(scope),
        entity: 'calendar_feeds',
        entityId: id,
        companyId: current.company_id,
        action: 'revoke',
        before,
        after,
      },
    ]);
    return after;
  });
}

/** a live feed of a secret, with its organisation's name; notes the use (at most every few minutes) */
export async function openCalendarFeed(
  db: Db,
  secret: string,
): Promise<(CalendarFeed & { organisationId: string; organisationName: string }) | undefined> {
  if (!SECRET.test(secret)) return undefined;
  const row = await db.kysely
    .selectFrom('calendar_feeds')
    .innerJoin('organisations', 'organisations.id', 'calendar_feeds.organisation_id')
    .innerJoin('memberships', (j) =>
      j
        .onRef('memberships.organisation_id', '=', 'calendar_feeds.organisation_id')
        .onRef('memberships.user_id', '=', 'calendar_feeds.created_by'),
    )
    .selectAll('calendar_feeds')
    .select(['organisations.name as organisation_name', 'memberships.role'])
    .where('calendar_feeds.token_hash', '=', sha256Hex(secret))
    .where('calendar_feeds.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !MANAGER_ROLES.includes(row.role)) return undefined;
  const now = db.clock.now();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS)
    await db.kysely
      .updateTable('calendar_feeds')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  const { organisation_name, role: _role, ...feed } = row;
  return { ...toFeed(feed), organisationId: row.organisation_id, organisationName: organisation_name };
}
