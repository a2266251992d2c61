import { expect, it } from 'vitest';
import { forEachDb } from '../../test/db-harness.ts';
import { AuthError } from './errors.ts';
import { createOwner } from './owner.ts';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuthError) return e.code;
    throw e;
  }
  return 'none';
};

forEachDb('createOwner', (t) => {
  it('creates the user, the organisation, the owner membership and audit rows in one go', async () => {
    const o = await createOwner(t.db, {
      email: '  Owner@Example.COM ',
      password: 'correct horse battery',
      organisation: ' 示例咨询有限公司 ',
    });
    expect(o.email).toBe('owner@example.com');
    const k = t.db.kysely;
    const user = await k.selectFrom('users').selectAll().where('id', '=', o.userId).executeTakeFirstOrThrow();
    expect(user.email).toBe('owner@example.com');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const org = await k
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', o.organisationId)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe('示例咨询有限公司');
    const m = await k.selectFrom('memberships').selectAll().where('user_id', '=', o.userId).execute();
    expect(m).toMatchObject([{ organisation_id: o.organisationId, role: 'owner' }]);
    const audit = await k
      .selectFrom('audit_log')
      .selectAll()
      .where('organisation_id', '=', o.organisationId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.entity, a.action, a.actor_label])).toEqual([
      ['organisations', 'create', 'system'],
      ['users', 'create', 'system'],
      ['memberships', 'create', 'system'],
    ]);
    // the hash never goes into the audit log
    expect(audit.map((a) => a.after).join('')).not.toContain('argon2');
  });

  it('refuses an e-mail that exists, whatever its case, and writes nothing', async () => {
    await createOwner(t.db, {
      email: 'taken@example.com',
      password: 'correct horse battery',
      organisation: 'A',
    });
    const orgs = async () => (await t.db.kysely.selectFrom('organisations').select('id').execute()).length;
    const before = await orgs();
    expect(
      await codeOf(
        createOwner(t.db, {
          email: 'TAKEN@example.com',
          password: 'another good password',
          organisation: 'B',
        }),
      ),
    ).toBe('EMAIL_TAKEN');
    expect(await orgs()).toBe(before);
  });

  it('checks the e-mail, the organisation name and the password rules', async () => {
    const good = { email: 'x@example.com', password: 'correct horse battery', organisation: 'X' };
    expect(await codeOf(createOwner(t.db, { ...good, email: 'not-an-email' }))).toBe('EMAIL_INVALID');
    expect(await codeOf(createOwner(t.db, { ...good, organisation: '  ' }))).toBe(
      'ORGANISATION_NAME_INVALID',
    );
    expect(await codeOf(createOwner(t.db, { ...good, password: 'short' }))).toBe('PASSWORD_TOO_SHORT');
    expect(await codeOf(createOwner(t.db, { ...good, password: 'x'.repeat(20) }))).toBe(
      'PASSWORD_ONE_CHARACTER',
    );
    expect(await codeOf(createOwner(t.db, { ...good, password: 'X@example.com' }))).toBe('PASSWORD_IS_EMAIL');
    expect(await codeOf(createOwner(t.db, { ...good, password: '123456789012' }))).toBe('PASSWORD_WEAK');
    const users = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', good.email)
      .execute();
    expect(users).toEqual([]);
  });
});
