/**
 * Members of an organisation and the companies a client member is linked to, tenant-scoped like every
 * repository (companies.ts is the model): a user who is not a member of the scope's organisation behaves
 * exactly like a missing one (undefined → 404).
 *
 * - Reading: every member sees the member list, except a client, which sees only itself (a client is an
 *   outside party — the agency's customer — and has no business knowing the agency's staff).
 * - Roles: owner and admin change roles and remove members; an admin can neither make nor unmake an owner
 *   (nor remove one). The last owner can be neither demoted nor removed (LAST_OWNER). A member who stops
 *   being a client loses their company links.
 * - Removing a member deletes the membership (their client links go with it by foreign key) and revokes
 *   their API tokens of this organisation; their sessions stay, as they may belong to other organisations
 *   (the organisation is gone from every request from then on, since roles are read per request).
 * - Client links: owner, admin and consultant set the companies a client member sees (the whole set at
 *   once); only for members whose role is client (NOT_A_CLIENT); every company must be the organisation's
 *   (COMPANY_UNKNOWN).
 *
 * Every write records an audit row in the same transaction: entity "memberships" (action update | delete)
 * or "client_company_links" (action update), entity id the user's id, before/after in API shape.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { type Page, pageFrom } from './keyset.ts';
import type { Database, Role } from './schema.ts';
import { auditActor, mustManage, mustWrite, RepoError, roleZh, type Scope } from './scope.ts';

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
  lastLoginAt: string | null;
  disabled: boolean;
}

export interface LinkedCompany {
  id: string;
  name: string;
}

type Q = Kysely<Database> | Transaction<Database>;

const selectMembers = (q: Q, scope: Scope) =>
  q
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.user_id',
      'memberships.role',
      'memberships.created_at',
      'users.email',
      'users.name',
      'users.last_login_at',
      'users.disabled_at',
    ])
    .where('memberships.organisation_id', '=', scope.organisationId);

type Row = Awaited<ReturnType<ReturnType<typeof selectMembers>['executeTakeFirstOrThrow']>>;

const toMember = (r: Row): Member => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  joinedAt: r.created_at,
  lastLoginAt: r.last_login_at,
  disabled: r.disabled_at !== null,
});

/** a member the scope may see: any member, but for a client only itself */
async function selectOne(q: Q, scope: Scope, userId: string): Promise<Row | undefined> {
  if (scope.role === 'client' && userId !== scope.userId) return undefined;
  return selectMembers(q, scope).where('memberships.user_id', '=', userId).executeTakeFirst();
}

/**
 * PostgreSQL: locks the organisation's row, so that membership changes of one organisation run one after the
 * other and two demotions cannot both see "another owner remains". SQLite runs one write at a time anyway.
 */
async function lockOrganisation(db: Db, trx: Q, organisationId: string): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
}

async function ownerCount(trx: Q, organisationId: string): Promise<number> {
  const r = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** FORBIDDEN unless the scope may move a member from `from` to `to` (undefined: removal) */
function mayChange(scope: Scope, from: Role, to: Role | undefined): void {
  if (scope.role === 'owner') return;
  if (from === 'owner' || to === 'owner')
    throw new RepoError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权任命、撤销或移除所有者`,
      en: `role ${scope.role} may not make, unmake or remove an owner`,
    });
}

// ------------------------------------------------------------------ members

export async function listMembers(
  db: Db,
  scope: Scope,
  o: { limit: number; cursor?: string },
): Promise<Page<Member>> {
  let q = selectMembers(db.kysely, scope);
  if (scope.role === 'client') q = q.where('memberships.user_id', '=', scope.userId);
  if (o.cursor) {
    const c = db.cursors.decode(o.cursor, 'joined') as { k: string; id: string };
    q = q.where((eb) =>
      eb.or([
        eb('memberships.created_at', '>', c.k),
        eb.and([eb('memberships.created_at', '=', c.k), eb('memberships.user_id', '>', c.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('memberships.created_at')
    .orderBy('memberships.user_id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toMember, (last) => ({
    s: 'joined',
    k: last.created_at,
    id: last.user_id,
  }));
}

export async function getMember(db: Db, scope: Scope, userId: string): Promise<Member | undefined> {
  const row = await selectOne(db.kysely, scope, userId);
  return row && toMember(row);
}

/** the member with the new role, or undefined when the organisation has no such member */
export async function changeMemberRole(
  db: Db,
  scope: Scope,
  userId: string,
  role: Role,
): Promise<Member | undefined> {
  mustManage(scope, { zh: '成员', en: 'members' });
  return db.kysely.transaction().execute(async (trx) => {
    await lockOrganisation(db, trx, scope.organisationId);
    const current = await selectOne(trx, scope, userId);
    if (!current) return undefined;
    if (current.role === role) return toMember(current);
    mayChange(scope, current.role, role);
    if (current.role === 'owner' && (await ownerCount(trx, scope.organisationId)) <= 1)
      throw new RepoError('LAST_OWNER', {
        zh: '机构的最后一名所有者不能降级',
        en: 'the organisation’s last owner cannot be demoted',
      });
    await trx
      .updateTable('memberships')
      .set({ role })
      .where('organisation_id', '=', scope.organisationId)
      .where('user_id', '=', userId)
      .execute();
    const before = toMember(current);
    const after = toMember({ ...current, role });
    const at = db.clock.now().toISOString();
    await writeAudit(trx, at, [
      { ...auditActor(scope), entity: 'memberships', entityId: userId, action: 'update', before, after },
    ]);
    if (current.role === 'client') await replaceLinks(trx, at, scope, userId, []);
    return after;
  });
}

/** true when removed, false when the organisation has no such member */
export async function removeMember(db: Db, scope: Scope, userId: string): Promise<boolean> {
  mustManage(scope, { zh: '成员', en: 'members' });
  return db.kysely.transaction().execute(async (trx) => {
    await lockOrganisation(db, trx, scope.organisationId);
    const current = await selectOne(trx, scope, userId);
    if (!current) return false;
    mayChange(scope, current.role, undefined);
    if (current.role === 'owner' && (await ownerCount(trx, scope.organisationId)) <= 1)
      throw new RepoError('LAST_OWNER', {
        zh: '机构的最后一名所有者不能移除',
        en: 'the organisation’s last owner cannot be removed',
      });
    const links = await linkedCompanies(trx, scope, userId);
    const at = db.clock.now().toISOString();
    const tokens = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('organisation_id', '=', scope.organisationId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await trx
      .deleteFrom('memberships')
      .where('organisation_id', '=', scope.organisationId)
      .where('user_id', '=', userId)
      .execute();
    const actor = auditActor(scope);
    await writeAudit(trx, at, [
      {
        ...actor,
        entity: 'memberships',
        entityId: userId,
        action: 'delete',
        before: { ...toMember(current), companyIds: links.map((c) => c.id) },
        at,
      },
      ...tokens.map((t) => ({
        ...actor,
        entity: 'api_tokens',
        entityId: t.id,
        action: 'revoke',
        after: { revokedAt: at, reason: 'member removed' },
        at,
      })),
    ]);
    return true;
  });
}

// ------------------------------------------------------------------ client links

async function linkedCompanies(q: Q, scope: Scope, userId: string): Promise<LinkedCompany[]> {
  return q
    .selectFrom('client_company_links')
    .innerJoin('companies', (j) =>
      j
        .onRef('companies.organisation_id', '=', 'client_company_links.organisation_id')
        .onRef('companies.id', '=', 'client_company_links.company_id'),
    )
    .select(['companies.id', 'companies.name'])
    .where('client_company_links.organisation_id', '=', scope.organisationId)
    .where('client_company_links.user_id', '=', userId)
    .orderBy('companies.id')
    .execute();
}

/**
 * The organisation's companies among `ids`. With `all`, every id must be one of them (COMPANY_UNKNOWN
 * names those that are not: another organisation's company is as unknown as a made-up id).
 */
export async function companiesOf(
  q: Q,
  scope: Scope,
  ids: readonly string[],
  need: 'all' | 'existing',
): Promise<LinkedCompany[]> {
  if (!ids.length) return [];
  const found = await q
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  if (need === 'all') {
    const known = new Set(found.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length)
      throw new RepoError('COMPANY_UNKNOWN', {
        zh: `以下公司不属于本机构：${unknown.slice(0, 10).join('、')}`,
        en: `not companies of this organisation: ${unknown.slice(0, 10).join(', ')}`,
      });
  }
  return found;
}

/** the member of a client link route, or undefined (404); NOT_A_CLIENT unless its role is client */
async function clientMember(q: Q, scope: Scope, userId: string): Promise<Row | undefined> {
  const member = await selectOne(q, scope, userId);
  if (member && member.role !== 'client')
    throw new RepoError('NOT_A_CLIENT', {
      zh: `该成员的角色是${roleZh[member.role]}，不是客户`,
      en: `the member has role ${member.role}, not client`,
    });
  return member;
}

/**
 * The companies a client member sees, or undefined when the scope sees no such member. Any member may ask
 * (a client only about itself).
 */
export async function getClientCompanies(
  db: Db,
  scope: Scope,
  userId: string,
): Promise<LinkedCompany[] | undefined> {
  if (!(await clientMember(db.kysely, scope, userId))) return undefined;
  return linkedCompanies(db.kysely, scope, userId);
}

/**
 * Links exactly these companies (in `trx`, with an audit row when the set changes); the companies must be
 * the organisation's (COMPANY_UNKNOWN).
 */
async function replaceLinks(
  trx: Q,
  at: string,
  scope: Scope,
  userId: string,
  companyIds: readonly string[],
): Promise<LinkedCompany[]> {
  const wanted = [...new Set(companyIds)];
  await companiesOf(trx, scope, wanted, 'all');
  const before = await linkedCompanies(trx, scope, userId);
  const had = new Set(before.map((c) => c.id));
  const drop = before.filter((c) => !wanted.includes(c.id)).map((c) => c.id);
  const add = wanted.filter((id) => !had.has(id));
  if (!drop.length && !add.length) return before;
  if (drop.length)
    await trx
      .deleteFrom('client_company_links')
      .where('organisation_id', '=', scope.organisationId)
      .where('user_id', '=', userId)
      .where('company_id', 'in', drop)
      .execute();
  if (add.length)
    await trx
      .insertInto('client_company_links')
      .values(
        add.map((company_id) => ({
          organisation_id: scope.organisationId,
          user_id: userId,
          company_id,
          created_at: at,
        })),
      )
      .execute();
  const after = await linkedCompanies(trx, scope, userId);
  await writeAudit(trx, at, [
    {
      ...auditActor(scope),
      entity: 'client_company_links',
      entityId: userId,
      action: 'update',
      before: { companyIds: before.map((c) => c.id) },
      after: { companyIds: after.map((c) => c.id) },
      at,
    },
  ]);
  return after;
}

/**
 * Sets the companies a client member sees (owner, admin, consultant); the linked companies afterwards, or
 * undefined when the organisation has no such member.
 */
export async function setClientCompanies(
  db: Db,
  scope: Scope,
  userId: string,
  companyIds: readonly string[],
): Promise<LinkedCompany[] | undefined> {
  mustWrite(scope, { zh: '客户关联', en: 'client links' });
  return db.kysely.transaction().execute(async (trx) => {
    await lockOrganisation(db, trx, scope.organisationId);
    if (!(await clientMember(trx, scope, userId))) return undefined;
    return replaceLinks(trx, db.clock.now().toISOString(), scope, userId, companyIds);
  });
}

/** links a client member who was just made (by an accepted invitation) to the companies that still exist */
export async function linkNewClient(
  trx: Q,
  at: string,
  scope: Scope,
  userId: string,
  companyIds: readonly string[],
): Promise<LinkedCompany[]> {
  const existing = await companiesOf(trx, scope, companyIds, 'existing');
  return replaceLinks(
    trx,
    at,
    scope,
    userId,
    existing.map((c) => c.id),
  );
}
