/**
 * The first schema: tenancy, auth, companies, assessments, applications and their events, licences,
 * documents and the audit log. Written with Kysely's schema builder and types that both SQLite and
 * PostgreSQL take (text, integer, bigint, double precision); conventions in ../schema.ts.
 *
 * A migration is frozen once released: it builds tables as they were then, so it uses Kysely<unknown>
 * rather than the current `Database` type.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, string>;

/** `id` text primary key (NOT NULL spelled out: SQLite would otherwise allow a NULL text key). */
const id = (t: Table) => t.addColumn('id', 'text', (c) => c.primaryKey().notNull());

/**
 * `organisation_id` → organisations, deleted with it, and unique (organisation_id, id): the tenant index
 * (lists by organisation in id order) and the key that other rows of the same tenant reference.
 */
const tenantOwned = (table: string) => (t: Table) =>
  t
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addUniqueConstraint(`${table}_org_id_key`, ['organisation_id', 'id']);

/** a nullable reference to the user who did something; the row stays when the user is deleted */
const byUser = (column: string) => (t: Table) =>
  t.addColumn(column, 'text', (c) => c.references('users.id').onDelete('set null'));

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await s
    .createTable('organisations')
    .$call(id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('users')
    .$call(id)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addColumn('disabled_at', 'text')
    .execute();

  await s
    .createTable('memberships')
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pkey', ['organisation_id', 'user_id'])
    .execute();
  await s.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

  await s
    .createTable('invitations')
    .$call(id)
    .$call(tenantOwned('invitations'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('company_ids', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .$call(byUser('invited_by'))
    .addColumn('accepted_at', 'text')
    .$call(byUser('accepted_by'))
    .execute();

  await s
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await s.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await s
    .createTable('api_tokens')
    .$call(id)
    .$call(tenantOwned('api_tokens'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await s
    .createTable('companies')
    .$call(id)
    .$call(tenantOwned('companies'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text')
    .addColumn('legal_representative', 'text')
    .addColumn('address', 'text')
    .addColumn('registered_capital_cny', 'double precision')
    .addColumn('shareholders', 'text', (c) => c.notNull())
    .addColumn('profile', 'text')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('companies_org_uscc_key', ['organisation_id', 'uscc'])
    .execute();

  await s
    .createTable('client_company_links')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_company_links_pkey', ['organisation_id', 'user_id', 'company_id'])
    // the link goes when the membership or the company goes (and with them, when the organisation goes)
    .addForeignKeyConstraint(
      'client_company_links_membership_fkey',
      ['organisation_id', 'user_id'],
      'memberships',
      ['organisation_id', 'user_id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'client_company_links_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await s
    .createIndex('client_company_links_company_idx')
    .on('client_company_links')
    .columns(['organisation_id', 'company_id'])
    .execute();

  await s
    .createTable('assessments')
    .$call(id)
    .$call(tenantOwned('assessments'))
    .$call(byUser('created_by'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('kb_version', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'assessments_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await s.createIndex('assessments_company_idx').on('assessments').columns(['company_id', 'id']).execute();

  // NO ACTION (checked at the end of the statement, on both databases) rather than RESTRICT, so that the
  // cascade from a deleted organisation, which removes the company and its applications together, passes
  await s
    .createTable('applications')
    .$call(id)
    .$call(tenantOwned('applications'))
    .$call(byUser('created_by'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('licence_codes', 'text', (c) => c.notNull())
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('authority', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('precheck_findings', 'text')
    .addColumn('authority_reference', 'text')
    .addColumn('submitted_on', 'text')
    .addColumn('accepted_on', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'applications_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .execute();
  await s.createIndex('applications_company_idx').on('applications').columns(['company_id', 'id']).execute();
  await s
    .createIndex('applications_org_state_idx')
    .on('applications')
    .columns(['organisation_id', 'state', 'id'])
    .execute();

  await s
    .createTable('application_events')
    .$call(id)
    .$call(tenantOwned('application_events'))
    .$call(byUser('actor_id'))
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'application_events_application_fkey',
      ['organisation_id', 'application_id'],
      'applications',
      ['organisation_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await s
    .createIndex('application_events_application_idx')
    .on('application_events')
    .columns(['application_id', 'at'])
    .execute();

  await s
    .createTable('licences')
    .$call(id)
    .$call(tenantOwned('licences'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('codes', 'text', (c) => c.notNull())
    .addColumn('coverage', 'text', (c) => c.notNull())
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('licences_org_number_key', ['organisation_id', 'number'])
    .addForeignKeyConstraint(
      'licences_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .addForeignKeyConstraint(
      'licences_application_fkey',
      ['organisation_id', 'application_id'],
      'applications',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .execute();
  await s.createIndex('licences_company_idx').on('licences').columns(['company_id', 'id']).execute();
  await s
    .createIndex('licences_org_expires_idx')
    .on('licences')
    .columns(['organisation_id', 'expires_on'])
    .execute();

  // documents point at files under the data directory: deleting their company or application is refused
  // until the code has removed the documents and their files
  await s
    .createTable('documents')
    .$call(id)
    .$call(tenantOwned('documents'))
    .$call(byUser('uploaded_by'))
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('company_id', 'text')
    .addColumn('application_id', 'text')
    .addColumn('checklist_item', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('documents_series_version_key', ['series_id', 'version'])
    .addForeignKeyConstraint(
      'documents_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .addForeignKeyConstraint(
      'documents_application_fkey',
      ['organisation_id', 'application_id'],
      'applications',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .execute();
  await s.createIndex('documents_company_idx').on('documents').columns(['company_id', 'id']).execute();
  await s
    .createIndex('documents_application_idx')
    .on('documents')
    .columns(['application_id', 'checklist_item'])
    .execute();

  await s
    .createTable('audit_log')
    .$call(id)
    .$call(tenantOwned('audit_log'))
    .$call(byUser('actor_id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await s
    .createIndex('audit_log_entity_idx')
    .on('audit_log')
    .columns(['organisation_id', 'entity', 'entity_id', 'id'])
    .execute();
}
