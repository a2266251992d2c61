import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedCompany, seedMember, seedOrganisation, seedUser } from '../test/seed.ts';
import { changedFields, listAudit, listCompanyAudit } from './audit-log.ts';
import { writeAudit } from './auth/audit.ts';
import { newId } from './ids.ts';
import type { Scope } from './scope.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** every non-test .ts file of every package (store, server, cli …) */
function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the code never changes audit_log', () => {
  it('no source file updates, deletes or truncates audit_log (the migration’s trigger text aside)', () => {
    const offenders: string[] = [];
    const patterns = [
      /updateTable\(\s*['"`]audit_log/,
      /deleteFrom\(\s*['"`]audit_log/,
      /\bupdate\s+["`]?audit_log\b/i,
      /\bdelete\s+from\s+["`]?audit_log\b/i,
      /\btruncate\b[^;]*\baudit_log\b/i,
      /replaceInto\(\s*['"`]audit_log/,
      /onConflict[\s\S]{0,80}audit_log/,
    ];
    const files = sources();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // the migration that creates the triggers names these statements; its backfill runs before them
      if (relative(SRC, file) === join('store', 'src', 'migrations', '0006-assessments-audit.ts')) continue;
      for (const p of patterns) if (p.test(text)) offenders.push(`${relative(SRC, file)}: ${p}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the patterns above do catch such code', () => {
    const sample = "await db.updateTable('audit_log').set({}).execute(); sql`delete from audit_log`";
    expect(/updateTable\(\s*['"`]audit_log/.test(sample)).toBe(true);
    expect(/\bdelete\s+from\s+["`]?audit_log\b/i.test(sample)).toBe(true);
  });
});

describe('changedFields', () => {
  it('lists the dotted paths that differ, arrays whole, updatedAt left out', () => {
    expect(
      changedFields(
        { name: 'a', updatedAt: '1', profile: { entity: { x: 1, y: 2 } }, list: [1, 2], gone: 1 },
        { name: 'b', updatedAt: '2', profile: { entity: { x: 1, y: 3 } }, list: [1, 2, 3], added: 1 },
      ),
    ).toEqual(['name', 'profile.entity.y', 'list', 'gone', 'added']);
    expect(changedFields({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    expect(changedFields({ a: null }, { a: { b: 1 } })).toEqual(['a']);
    // three levels deep, then whole values
    expect(changedFields({ a: { b: { c: { d: 1 } } } }, { a: { b: { c: { d: 2 } } } })).toEqual(['a.b.c']);
  });
});

forEachDb('audit log store', (t) => {
  const entry = (organisationId: string, over: Record<string, unknown> = {}) => ({
    organisationId,
    actorId: null,
    actorLabel: 'system',
    entity: 'companies',
    entityId: newId(),
    action: 'update',
    before: { name: 'a' },
    after: { name: 'b' },
    ...over,
  });
  const ids = async (org: string) =>
    (await t.db.kysely.selectFrom('audit_log').select('id').where('organisation_id', '=', org).execute()).map(
      (r) => r.id,
    );

  describe('append-only, enforced by the database', () => {
    it('refuses UPDATE and DELETE of a row, through Kysely and in raw SQL', async () => {
      const org = await seedOrganisation(t.db);
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [entry(org)]);
      const [id] = await ids(org);
      await expect(
        t.db.kysely.updateTable('audit_log').set({ action: 'forged' }).where('id', '=', id!).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(t.db.kysely.deleteFrom('audit_log').where('id', '=', id!).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`update audit_log set after = null`.execute(t.db.kysely)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
      if (t.dialect === 'postgres')
        await expect(sql`truncate audit_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
      const row = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '=', id!)
        .executeTakeFirstOrThrow();
      expect(row.action).toBe('update');
      expect(JSON.parse(row.after!)).toEqual({ name: 'b' });
    });

    it('refuses setting actor_id to null while the user exists, or with another change', async () => {
      const org = await seedOrganisation(t.db);
      const user = await seedMember(t.db, org, 'owner');
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
        entry(org, { actorId: user, actorLabel: 'x@example.com' }),
      ]);
      const [id] = await ids(org);
      await expect(
        t.db.kysely.updateTable('audit_log').set({ actor_id: null }).where('id', '=', id!).execute(),
      ).rejects.toThrow(/append-only/);
    });

    it('lets a deleted user’s rows lose the actor id (ON DELETE SET NULL), keeping the label', async () => {
      const org = await seedOrganisation(t.db);
      const user = await seedUser(t.db);
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
        entry(org, { actorId: user, actorLabel: 'gone@example.com' }),
      ]);
      await t.db.kysely.deleteFrom('users').where('id', '=', user).execute();
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('organisation_id', '=', org)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: null, actor_label: 'gone@example.com', action: 'update' });
    });

    it('goes with its organisation, and only with it', async () => {
      const gone = await seedOrganisation(t.db);
      const kept = await seedOrganisation(t.db);
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [entry(gone), entry(gone), entry(kept)]);
      await t.db.kysely.deleteFrom('organisations').where('id', '=', gone).execute();
      expect(await ids(gone)).toEqual([]);
      expect(await ids(kept)).toHaveLength(1);
    });
  });

  describe('reads', () => {
    it('are scoped to the organisation, newest first, with filters and pages', async () => {
      const a = await seedOrganisation(t.db);
      const b = await seedOrganisation(t.db);
      const owner = await seedMember(t.db, a, 'owner');
      const company = await seedCompany(t.db, a);
      const s: Scope = { organisationId: a, userId: owner, role: 'owner' };
      for (let i = 0; i < 5; i++)
        await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
          entry(a, { entityId: company, companyId: company, after: { name: `n${i}` } }),
        ]);
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
        entry(b),
        entry(a, { entity: 'memberships', action: 'create' }),
      ]);
      const all = await listAudit(t.db, s, { limit: 100 });
      expect(all.items).toHaveLength(6);
      expect(all.items.map((e) => e.id)).toEqual(
        all.items
          .map((e) => e.id)
          .sort()
          .reverse(),
      );
      expect(all.items[0]!.entity).toBe('memberships');
      const first = await listAudit(t.db, s, { limit: 2, entity: 'companies' });
      expect(first.items.map((e) => (e.after as { name: string }).name)).toEqual(['n4', 'n3']);
      const second = await listAudit(t.db, s, { limit: 2, entity: 'companies', cursor: first.nextCursor! });
      expect(second.items.map((e) => (e.after as { name: string }).name)).toEqual(['n2', 'n1']);
      expect(first.items[0]!.changes).toEqual(['name']);
      const forCompany = await listCompanyAudit(t.db, s, company, { limit: 100 });
      expect(forCompany?.items).toHaveLength(5);
      // another organisation's company is unknown; a client reads no audit log
      expect(
        await listCompanyAudit(t.db, { organisationId: b, userId: owner, role: 'owner' }, company, {
          limit: 9,
        }),
      ).toBeUndefined();
      await expect(listCompanyAudit(t.db, { ...s, role: 'client' }, company, { limit: 9 })).rejects.toThrow(
        /client/,
      );
      await expect(listAudit(t.db, { ...s, role: 'consultant' }, { limit: 9 })).rejects.toThrow(/consultant/);
      await expect(listAudit(t.db, { ...s, tokenScopes: ['read', 'write'] }, { limit: 9 })).rejects.toThrow(
        /admin scope/,
      );
    });
  });
});
