/**
 * Every instant the store writes or compares comes from the database's clock (Db.clock): a database seen
 * through a clock stopped in 2031 writes 2031 everywhere, so a repository that read the system clock would
 * fail here. The source check keeps new code from reading it again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assess } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { createApplication, transitionApplication } from './applications/index.ts';
import { createAssessment } from './assessments.ts';
import { createInvitation, revokeInvitation } from './auth/invitations.ts';
import { createOwner } from './auth/owner.ts';
import { createSession, findSession } from './auth/sessions.ts';
import { signIn, signOut } from './auth/sign-in.ts';
import { authenticateToken, createApiToken, revokeApiToken } from './auth/tokens.ts';
import { fixedClock } from './clock.ts';
import { createCompany, deleteCompany, updateCompany } from './companies.ts';
import { withClock } from './db.ts';
import { createLicence } from './licences.ts';
import { AttemptLimiter, countRequest } from './rate-limits.ts';
import type { Scope } from './scope.ts';
import { installationSecret } from './settings.ts';

const kb = loadKb();
const AT = '2031-05-01T08:00:00.000Z';
const TODAY = '2031-05-01';

/** every timestamp column of every table (the columns named *_at, and window_start) */
async function instants(t: { db: { kysely: import('kysely').Kysely<never> } }): Promise<string[]> {
  const tables = [
    ['organisations', ['created_at', 'updated_at']],
    ['users', ['created_at', 'updated_at', 'last_login_at']],
    ['memberships', ['created_at']],
    ['invitations', ['created_at', 'expires_at', 'revoked_at']],
    ['sessions', ['created_at', 'expires_at', 'last_seen_at']],
    ['api_tokens', ['created_at', 'last_used_at', 'revoked_at']],
    ['companies', ['created_at', 'updated_at']],
    ['assessments', ['created_at']],
    ['applications', ['created_at', 'updated_at']],
    ['application_events', ['at']],
    ['licences', ['created_at', 'updated_at']],
    ['audit_log', ['at']],
    ['settings', ['created_at']],
    ['rate_limits', ['window_start', 'expires_at']],
  ] as const;
  const out: string[] = [];
  for (const [table, columns] of tables)
    for (const column of columns) {
      const rows = await sql<{
        v: string | null;
      }>`select ${sql.ref(column)} as v from ${sql.table(table)}`.execute(t.db.kysely);
      for (const r of rows.rows) if (r.v !== null) out.push(`${table}.${column}=${String(r.v)}`);
    }
  return out;
}

forEachDb('the database clock', (t) => {
  it('a database stopped in 2031 writes 2031 in every timestamp, audit rows included', async () => {
    const db = withClock(t.db, fixedClock(AT));
    const owner = await createOwner(db, {
      email: 'clock@example.com',
      password: 'a long enough password 1',
      organisation: '时钟',
    });
    const scope: Scope = { organisationId: owner.organisationId, userId: owner.userId, role: 'owner' };
    const company = await createCompany(db, scope, {
      name: '杭州时钟科技有限公司',
      uscc: '91330100MA2H0XXX1X',
      legalRepresentative: null,
      address: null,
      registeredCapitalCny: null,
      profile: { service: { activities: ['online-store'] } },
    });
    await updateCompany(db, scope, company.id, { name: '杭州时钟信息有限公司' });
    await createAssessment(db, scope, company.id, () => {
      const profile = { service: { activities: ['online-store'] } };
      return { asOf: TODAY, kbVersion: kb.version, profile, result: assess(kb, profile, { asOf: TODAY }) };
    });
    const app = await createApplication(db, kb, scope, {
      companyId: company.id,
      licenceCodes: ['B25:internet'],
      procedure: 'new',
      authority: 'CN-ZJ',
      today: TODAY,
    });
    await transitionApplication(db, kb, scope, app.id, { to: 'submitted', on: TODAY, today: TODAY });
    await createLicence(
      db,
      scope,
      { kb, today: TODAY },
      {
        companyId: company.id,
        number: '浙B2-20310001',
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: TODAY,
        expiresOn: null,
        status: 'active',
      },
    );
    const token = await createApiToken(db, scope, { name: 'ci', scopes: ['read'], expiresAt: null });
    expect(await authenticateToken(db, token.secret)).toBeDefined();
    await revokeApiToken(db, scope, token.token.id);
    const invitation = await createInvitation(db, scope, {
      email: 'v@example.com',
      role: 'viewer',
      companyIds: [],
    });
    await revokeInvitation(db, scope, invitation.invitation.id);
    const signedIn = await signIn(db, {
      email: 'clock@example.com',
      password: 'a long enough password 1',
      address: '192.0.2.1',
    });
    expect(signedIn.ok).toBe(true);
    const session = await createSession(db, owner.userId);
    const found = await findSession(db, session.cookieValue);
    await signOut(db, found!, '192.0.2.1');
    await installationSecret(db, 'clock-test');
    await countRequest(db, { kind: 'clock', subject: 'x', limit: { max: 5, windowMs: 60_000 } });
    await new AttemptLimiter(db).begin([
      { kind: 'clock-attempt', subject: 'y', limit: { max: 5, windowMs: 60_000 } },
    ]);
    await deleteCompany(db, scope, company.id).catch(() => false); // refused (it has an application): no row

    const written = await instants(t as never);
    expect(written.length).toBeGreaterThan(25);
    // updated_at moves on by a millisecond when the clock stands still (nextUpdatedAt); expiries lie ahead
    const off = written.filter((w) => !w.split('=')[1]!.startsWith('2031-'));
    expect(off).toEqual([]);
    const audit = written.filter((w) => w.startsWith('audit_log.'));
    expect(audit.length).toBeGreaterThan(10);
    expect(audit.filter((w) => !w.includes('=2031-05-01T08:00:00.'))).toEqual([]);
    expect(written).toContain(`companies.created_at=${AT}`);
    expect(written).toContain(`sessions.created_at=${AT}`);
  });

  it('a session or token past its expiry by the database clock is not found', async () => {
    const db = withClock(t.db, fixedClock(AT));
    const owner = await createOwner(db, {
      email: 'late@example.com',
      password: 'a long enough password 2',
      organisation: '过期',
    });
    const session = await createSession(db, owner.userId, 60_000);
    expect(await findSession(db, session.cookieValue)).toBeDefined();
    const later = withClock(t.db, fixedClock('2031-05-01T08:01:00.000Z'));
    expect(await findSession(later, session.cookieValue)).toBeUndefined();
  });
});

describe('no other source of time', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  /** files allowed to read the system clock, and why */
  const allowed = new Set([
    'store/src/clock.ts', // the system clock itself
    'store/src/ids.ts', // ids order rows by creation (UUIDv7); they are never read as instants
    'store/src/files.ts', // incoming file names, and their age against the file system's own mtimes
  ]);
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(`${dir}/${e.name}`)
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [`${dir}/${e.name}`]
          : [],
    );

  it('the store and the server read the time from a Clock, never from Date', () => {
    const readers = [...sources('store/src'), ...sources('server/src')]
      .filter((f) => !allowed.has(f))
      .filter((f) => /new Date\(\)|Date\.now\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(readers).toEqual([]);
  });
});
