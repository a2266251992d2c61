import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { migrate, migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

const tables: (keyof Database)[] = [
  'organisations',
  'users',
  'memberships',
  'invitations',
  'sessions',
  'api_tokens',
  'companies',
  'client_company_links',
  'assessments',
  'applications',
  'application_events',
  'licences',
  'documents',
  'audit_log',
  'rate_limits',
];

forEachDb('migrations', (t) => {
  it('run every migration on a fresh database', () => {
    expect(t.migrated).toEqual(Object.keys(migrations));
  });

  it('do nothing when run again', async () => {
    expect(await migrate(t.db)).toEqual([]);
    expect(await migrate(t.db)).toEqual([]);
  });

  it('create every table of the schema, with the columns its type names', async () => {
    const found = await t.db.kysely.introspection.getTables();
    const byName = new Map(found.map((table) => [table.name, table.columns.map((c) => c.name).sort()]));
    for (const table of tables) expect(byName.has(table), table).toBe(true);
    // a sample of the types, checked against the columns the migration made
    expect(byName.get('documents')).toEqual(
      [
        'id',
        'organisation_id',
        'series_id',
        'version',
        'company_id',
        'application_id',
        'checklist_item',
        'file_name',
        'content_type',
        'size_bytes',
        'sha256',
        'storage_path',
        'uploaded_by',
        'uploaded_at',
      ].sort(),
    );
  });
});
