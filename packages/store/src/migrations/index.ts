/**
 * The one migration history, for SQLite and PostgreSQL alike. Migrations are listed here, in order, by
 * name (a static provider: nothing is read from the filesystem). Add a migration by adding a file
 * `NNNN-what.ts` with `up()` and a line below; never edit or reorder a released one.
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from '../db.ts';
import { describeCause, StoreError } from '../errors.ts';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-invitation-revoked.ts';
import * as m0003 from './0003-application-clocks.ts';
import * as m0004 from './0004-licence-per-application.ts';
import * as m0006 from './0006-assessments-audit.ts';
import * as m0007 from './0007-application-version-indexes.ts';
import * as m0008 from './0008-rate-limits.ts';
import * as m0009 from './0009-settings.ts';
import * as m0010 from './0010-register.ts';
import * as m0011 from './0011-calendar-feeds.ts';
import * as m0012 from './0012-notifications.ts';
import * as m0013 from './0013-audit-versions.ts';
import * as m0014 from './0014-invitation-mail.ts';
import * as m0015 from './0015-company-staff-premises.ts';
import * as m0016 from './0016-filing-closed-on.ts';
import * as m0017 from './0017-obligation-records.ts';
import * as m0018 from './0018-company-events.ts';

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-invitation-revoked': m0002,
  '0003-application-clocks': m0003,
  '0004-licence-per-application': m0004,
  '0006-assessments-audit': m0006,
  '0007-application-version-indexes': m0007,
  '0008-rate-limits': m0008,
  '0009-settings': m0009,
  '0010-register': m0010,
  '0011-calendar-feeds': m0011,
  '0012-notifications': m0012,
  '0013-audit-versions': m0013,
  '0014-invitation-mail': m0014,
  '0015-company-staff-premises': m0015,
  '0016-filing-closed-on': m0016,
  '0017-obligation-records': m0017,
  '0018-company-events': m0018,
};

const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };

/**
 * Runs the migrations the database has not had yet, each in its own transaction, and returns the names of
 * those that ran (none when it is up to date). Safe to run again, and from several processes at once (the
 * migrator takes a lock).
 */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new StoreError(
      'MIGRATION_FAILED',
      `database migration ${failed ?? '(before any migration ran)'} failed on ${db.dialect}: ${describeCause(error)}`,
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
