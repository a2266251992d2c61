/**
 * The organisation a scope acts in: its name and dates, and what the scope's role may do in it (so that an
 * app shows only the settings a member may use, from the same rules the repositories enforce). Renaming is
 * for owners and admins (mustManage) and leaves an audit row (entity "organisations", action update).
 */
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { auditActor, canManage, canWrite, mustManage, type Scope } from './scope.ts';

/** what the scope's role may do in the organisation */
export interface Permissions {
  /** change the organisation's name */
  editOrganisation: boolean;
  /** change members' roles and remove members */
  manageMembers: boolean;
  /** invite, list and revoke invitations */
  invite: boolean;
  /** make, list and revoke API tokens */
  manageTokens: boolean;
  /** reminder settings, channels and the delivery log */
  manageNotifications: boolean;
  /** set the companies a client member sees */
  linkClientCompanies: boolean;
  /** change compliance data (companies, applications, licences, documents, assessments) */
  writeCompliance: boolean;
}

export interface Organisation {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  members: number;
  permissions: Permissions;
}

/** from the role alone (a token's narrower scopes are checked where it is used) */
export function permissionsOf(scope: Scope): Permissions {
  const manage = canManage(scope.role) && (!scope.tokenScopes || scope.tokenScopes.includes('admin'));
  const write = canWrite(scope.role) && (!scope.tokenScopes || scope.tokenScopes.includes('write'));
  return {
    editOrganisation: manage,
    manageMembers: manage,
    invite: manage,
    manageTokens: manage,
    manageNotifications: manage,
    linkClientCompanies: write,
    writeCompliance: write,
  };
}

export async function getOrganisation(db: Db, scope: Scope): Promise<Organisation> {
  const row = await db.kysely
    .selectFrom('organisations')
    .select(['id', 'name', 'created_at', 'updated_at'])
    .where('id', '=', scope.organisationId)
    .executeTakeFirstOrThrow();
  const count = await db.kysely
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', scope.organisationId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    members: Number(count.n),
    permissions: permissionsOf(scope),
  };
}

/** renames the organisation (owner, admin); the same name again changes nothing and records nothing */
export async function renameOrganisation(db: Db, scope: Scope, name: string): Promise<Organisation> {
  mustManage(scope, { zh: '机构信息', en: 'the organisation' });
  await db.kysely.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('organisations')
      .select(['name'])
      .where('id', '=', scope.organisationId)
      .executeTakeFirstOrThrow();
    if (before.name === name) return;
    const at = db.clock.now().toISOString();
    await trx
      .updateTable('organisations')
      .set({ name, updated_at: at })
      .where('id', '=', scope.organisationId)
      .execute();
    await writeAudit(trx, at, [
      {
        ...auditActor(scope),
        entity: 'organisations',
        entityId: scope.organisationId,
        action: 'update',
        before: { name: before.name },
        after: { name },
      },
    ]);
  });
  return getOrganisation(db, scope);
}
