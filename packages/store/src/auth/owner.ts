/**
 * The first owner: a user, an organisation and the owner membership, written in one transaction together
 * with their audit rows. Used by `icpdesk admin create`; there is no default account or password.
 */
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { writeAudit } from './audit.ts';
import { AuthError } from './errors.ts';
import { checkPassword, hashPassword } from './password.ts';

export interface CreateOwnerInput {
  email: string;
  password: string;
  organisation: string;
}

export interface CreatedOwner {
  userId: string;
  organisationId: string;
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** trimmed and lower-cased; throws EMAIL_INVALID */
export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !EMAIL.test(e)) throw new AuthError('EMAIL_INVALID');
  return e;
}

export async function createOwner(db: Db, input: CreateOwnerInput): Promise<CreatedOwner> {
  const email = normaliseEmail(input.email);
  const name = input.organisation.trim();
  if (!name || [...name].length > 200) throw new AuthError('ORGANISATION_NAME_INVALID');
  checkPassword(input.password, email);
  // refuse early, before the slow hash; the unique constraint settles a race
  if (await emailExists(db, email)) throw new AuthError('EMAIL_TAKEN');
  const passwordHash = await hashPassword(input.password);

  const userId = newId();
  const organisationId = newId();
  const at = db.clock.now().toISOString();
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const organisation = { id: organisationId, name, created_at: at, updated_at: at };
      await trx.insertInto('organisations').values(organisation).execute();
      const user = {
        id: userId,
        email,
        name: null,
        created_at: at,
        updated_at: at,
        last_login_at: null,
        disabled_at: null,
      };
      await trx
        .insertInto('users')
        .values({ ...user, password_hash: passwordHash })
        .execute();
      const membership = {
        organisation_id: organisationId,
        user_id: userId,
        role: 'owner' as const,
        created_at: at,
      };
      await trx.insertInto('memberships').values(membership).execute();
      const audit = { organisationId, actorId: null, actorLabel: 'system', action: 'create', at };
      await writeAudit(trx, at, [
        { ...audit, entity: 'organisations', entityId: organisationId, after: organisation },
        { ...audit, entity: 'users', entityId: userId, after: user }, // never the password hash
        { ...audit, entity: 'memberships', entityId: userId, after: membership },
      ]);
    });
  } catch (err) {
    if (await emailExists(db, email)) throw new AuthError('EMAIL_TAKEN');
    throw err;
  }
  return { userId, organisationId, email };
}

async function emailExists(db: Db, email: string): Promise<boolean> {
  const row = await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}
