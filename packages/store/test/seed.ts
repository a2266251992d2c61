/** Rows for tests: each helper inserts one row with fresh ids and plausible values, overridable. */
import { raiseAuditVersions } from '../src/audit-versions.ts';
import type { Db } from '../src/db.ts';
import { newId } from '../src/ids.ts';
import type {
  ApplicationsTable,
  CompaniesTable,
  DocumentsTable,
  LicencesTable,
  Role,
} from '../src/schema.ts';

const now = () => new Date().toISOString();

/** a seeded row stands for a write, which leaves an audit entry and so raises the audit version */
const written = (db: Db, organisationId: string) => raiseAuditVersions(db.kysely, new Set([organisationId]));

export async function seedOrganisation(db: Db, name = '示例咨询有限公司'): Promise<string> {
  const id = newId();
  const at = now();
  await db.kysely.insertInto('organisations').values({ id, name, created_at: at, updated_at: at }).execute();
  return id;
}

export async function seedUser(db: Db, email = `${newId()}@example.com`): Promise<string> {
  const id = newId();
  const at = now();
  await db.kysely
    .insertInto('users')
    .values({
      id,
      email,
      name: null,
      password_hash: '$argon2id$test',
      created_at: at,
      updated_at: at,
      last_login_at: null,
      disabled_at: null,
    })
    .execute();
  return id;
}

export async function seedMember(db: Db, organisationId: string, role: Role = 'consultant'): Promise<string> {
  const userId = await seedUser(db);
  await db.kysely
    .insertInto('memberships')
    .values({ organisation_id: organisationId, user_id: userId, role, created_at: now() })
    .execute();
  return userId;
}

export async function seedCompany(
  db: Db,
  organisationId: string,
  values: Partial<CompaniesTable> = {},
): Promise<string> {
  const id = values.id ?? newId();
  const at = now();
  await db.kysely
    .insertInto('companies')
    .values({
      organisation_id: organisationId,
      name: '杭州示例信息技术有限公司',
      uscc: null,
      legal_representative: '张示例',
      address: '浙江省杭州市西湖区示例路1号',
      registered_capital_cny: 1_000_000,
      shareholders: '[]',
      profile: null,
      contacts: '[]',
      created_at: at,
      updated_at: at,
      ...values,
      id,
    })
    .execute();
  await written(db, organisationId);
  return id;
}

export async function seedApplication(
  db: Db,
  organisationId: string,
  companyId: string,
  values: Partial<ApplicationsTable> = {},
): Promise<string> {
  const id = values.id ?? newId();
  const at = now();
  await db.kysely
    .insertInto('applications')
    .values({
      organisation_id: organisationId,
      company_id: companyId,
      licence_codes: '["B25:internet"]',
      procedure: 'new',
      authority: 'CN-ZJ',
      state: 'draft',
      checklist: '{}',
      precheck_findings: null,
      authority_reference: null,
      submitted_on: null,
      accepted_on: null,
      decided_on: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      ...values,
      id,
    })
    .execute();
  await written(db, organisationId);
  return id;
}

/**
 * A valid business profile (engine `Profile`) for companies and assessments: a Guangdong company with
 * live-streaming tipping in Guangdong, wholly domestic. A fresh copy each call; override parts with spreads.
 */
export function sampleProfile() {
  return {
    entity: {
      type: 'company',
      name: '广州某文化传媒有限公司',
      registeredProvince: 'CN-GD',
      pilotArea: null,
      registeredCapitalCny: 1000000,
      foreignSharePercent: 0,
      onCreditBlacklist: false,
    },
    service: {
      coverage: ['CN-GD'],
      activities: ['live-streaming-tipping'],
      serverLocation: 'mainland',
      channels: ['app'],
    },
  };
}

let licenceSerial = 0;

/** a licence of the company; its number is unique in the test process (浙B2-2024NNNN, CN-ZJ) */
export async function seedLicence(
  db: Db,
  organisationId: string,
  companyId: string,
  values: Partial<LicencesTable> = {},
): Promise<string> {
  const id = values.id ?? newId();
  const at = now();
  await db.kysely
    .insertInto('licences')
    .values({
      organisation_id: organisationId,
      company_id: companyId,
      application_id: null,
      number: `浙B2-2024${String(++licenceSerial).padStart(4, '0')}`,
      codes: '["B25:internet"]',
      coverage: '["CN-ZJ"]',
      authority: 'CN-ZJ',
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
      status: 'active',
      created_at: at,
      updated_at: at,
      ...values,
      id,
    })
    .execute();
  await written(db, organisationId);
  return id;
}

/** a document row of the company (no file on disk: enough for references by id) */
export async function seedDocument(
  db: Db,
  organisationId: string,
  companyId: string,
  values: Partial<DocumentsTable> = {},
): Promise<string> {
  const id = values.id ?? newId();
  await db.kysely
    .insertInto('documents')
    .values({
      organisation_id: organisationId,
      series_id: id,
      version: 1,
      company_id: companyId,
      application_id: null,
      checklist_item: null,
      file_name: '营业执照.pdf',
      content_type: 'application/pdf',
      size_bytes: 1024,
      sha256: '0'.repeat(64),
      storage_path: `documents/${id}`,
      uploaded_by: null,
      uploaded_at: now(),
      ...values,
      id,
    })
    .execute();
  await written(db, organisationId);
  return id;
}
