import type { Db } from '../db.ts';
import { cursorNotOurs, type Scope } from '../scope.ts';
import {
  type Application,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationListOptions,
  type ApplicationPage,
  ApplicationStoreError,
  type ApplicationVersion,
} from './model.ts';
import { selectOne, toApplication, toDetail, toEvent, visible } from './rows.ts';

export async function getApplication(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ApplicationDetail | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && toDetail(row);
}

/** the application's events in the order they were recorded, or undefined when the scope sees no such application */
export async function listApplicationEvents(
  db: Db,
  scope: Scope,
  id: string,
): Promise<ApplicationEvent[] | undefined> {
  const app = await db.kysely
    .selectFrom('applications')
    .select('id')
    .where('id', '=', id)
    .where(visible(scope))
    .executeTakeFirst();
  if (!app) return undefined;
  const rows = await db.kysely
    .selectFrom('application_events')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('application_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map(toEvent);
}

const listColumns = [
  'id',
  'organisation_id',
  'company_id',
  'licence_codes',
  'procedure',
  'authority',
  'state',
  'checklist',
  'authority_reference',
  'submitted_on',
  'accepted_on',
  'decided_on',
  'clock',
  'authority_due_on',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/**
 * One page, newest or oldest first: `createdAt` is id order (UUIDv7 ids increase with creation, strictly within
 * a process), served by the (organisation_id, id) and (organisation_id, state, id) indexes; `updatedAt` is
 * (updated_at, id). One query, no join beyond a client's links.
 */
/** the filtered, ordered query of one page (limit + 1 rows), before its columns are chosen */
function pageQuery(db: Db, scope: Scope, o: ApplicationListOptions) {
  const sortKey = `${o.sort}:${o.order}`;
  const after = o.order === 'asc' ? '>' : '<';
  let query = db.kysely.selectFrom('applications').where(visible(scope));
  if (o.companyId) query = query.where('company_id', '=', o.companyId);
  if (o.state) query = query.where('state', '=', o.state);
  if (o.authority) query = query.where('authority', '=', o.authority);
  if (o.overdue === true)
    query = query.where('authority_due_on', 'is not', null).where('authority_due_on', '<', o.today);
  if (o.overdue === false)
    query = query.where((eb) =>
      eb.or([eb('authority_due_on', 'is', null), eb('authority_due_on', '>=', o.today)]),
    );
  if (o.cursor) {
    const c = db.cursors.decode(o.cursor, sortKey);
    const k = c.k;
    if (typeof k !== 'string') throw new ApplicationStoreError('INVALID_CURSOR', cursorNotOurs);
    query =
      o.sort === 'createdAt'
        ? query.where('id', after, c.id)
        : query.where((eb) =>
            eb.or([eb('updated_at', after, k), eb.and([eb('updated_at', '=', k), eb('id', after, c.id)])]),
          );
  }
  if (o.sort === 'updatedAt') query = query.orderBy('updated_at', o.order);
  return query.orderBy('id', o.order).limit(o.limit + 1);
}

const pageCursor = (
  db: Db,
  o: ApplicationListOptions,
  rows: readonly { id: string; updated_at: string }[],
) => {
  const last = rows[o.limit - 1];
  return rows.length > o.limit && last
    ? db.cursors.encode({
        s: `${o.sort}:${o.order}`,
        k: o.sort === 'createdAt' ? last.id : last.updated_at,
        id: last.id,
      })
    : null;
};

export async function listApplications(
  db: Db,
  scope: Scope,
  o: ApplicationListOptions,
): Promise<ApplicationPage> {
  const rows = await pageQuery(db, scope, o).select(listColumns).execute();
  return { items: rows.slice(0, o.limit).map(toApplication), nextCursor: pageCursor(db, o, rows) };
}

/**
 * The same page as listApplications, as the versions of its applications only (an index-sized read), for a
 * caller that keeps applications it has seen by version and fetches the others with applicationsByIds.
 */
export async function listApplicationVersions(
  db: Db,
  scope: Scope,
  o: ApplicationListOptions,
): Promise<{ versions: ApplicationVersion[]; nextCursor: string | null }> {
  const rows = await pageQuery(db, scope, o).select(['id', 'updated_at']).execute();
  return {
    versions: rows.slice(0, o.limit).map((r) => ({ id: r.id, updatedAt: r.updated_at })),
    nextCursor: pageCursor(db, o, rows),
  };
}

/** the applications of these ids that the scope sees, in no particular order */
export async function applicationsByIds(
  db: Db,
  scope: Scope,
  ids: readonly string[],
): Promise<Application[]> {
  if (!ids.length) return [];
  const rows = await db.kysely
    .selectFrom('applications')
    .select(listColumns)
    .where(visible(scope))
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toApplication);
}
