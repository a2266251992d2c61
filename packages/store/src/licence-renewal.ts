/**
 * A renewal that keeps the licence number renews the licence: when the licence of an approved renewal
 * application is recorded with the number of a licence the company holds, that licence gets the new
 * validity (issuedOn, expiresOn — by default issuedOn plus the kb licence-validity-years, less a day) and
 * status, instead of a second licence with the same number. Its codes, coverage and authority stay; the
 * result is checked like any licence (./licence-rules.ts), audited (action "renew", before/after) and the
 * renewal application records the licence as issued, all in the caller's transaction.
 */
import { normaliseNumber } from '@icpdesk/engine';
import type { Transaction } from 'kysely';
import { recordApplicationEventIn, toApplication } from './applications/index.ts';
import { writeAudit } from './auth/audit.ts';
import { checkLicence } from './licence-rules.ts';
import {
  type ApplicationLicenceInput,
  type Licence,
  type LicenceContext,
  LicenceStoreError,
  toLicence,
} from './licences.ts';
import type { ApplicationsTable, Database } from './schema.ts';
import { auditActor, type Scope } from './scope.ts';

/** the renewed licence, or undefined when the company holds no licence of that number (a new one is made) */
export async function renewLicenceIn(
  trx: Transaction<Database>,
  now: Date,
  scope: Scope,
  ctx: LicenceContext,
  app: ApplicationsTable,
  input: ApplicationLicenceInput,
): Promise<Licence | undefined> {
  if (app.procedure !== 'renewal') return undefined;
  const current = await trx
    .selectFrom('licences')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('company_id', '=', app.company_id)
    .where('number', '=', normaliseNumber(input.number))
    .executeTakeFirst();
  if (!current) return undefined;
  if (toApplication(app).issuedOn)
    throw new LicenceStoreError('APPLICATION_HAS_LICENCE', {
      zh: `该续期申请已记录许可证 ${current.number} 的发放`,
      en: `the renewal application has recorded the licence ${current.number} as issued already`,
    });
  const before = toLicence(current);
  const r = checkLicence(
    ctx.kb,
    {
      number: before.number,
      codes: before.codes,
      coverage: input.coverage ?? before.coverage,
      authority: before.authority,
      issuedOn: input.issuedOn,
      expiresOn: input.expiresOn,
      status: input.status ?? 'active',
    },
    ctx.today,
  );
  if (!r.ok)
    throw new LicenceStoreError(
      'INVALID_LICENCE',
      {
        zh: r.issues.map((i) => `${i.field}：${i.message.zh}`).join('；'),
        en: r.issues.map((i) => `${i.field}: ${i.message.en}`).join('; '),
      },
      r.issues,
    );
  const set = {
    coverage: JSON.stringify(r.value.coverage),
    issued_on: r.value.issuedOn,
    expires_on: r.value.expiresOn,
    status: r.value.status,
    updated_at: now.toISOString(),
  };
  await trx
    .updateTable('licences')
    .set(set)
    .where('id', '=', current.id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
  const after = toLicence({ ...current, ...set });
  await writeAudit(trx, set.updated_at, [
    {
      ...auditActor(scope),
      entity: 'licences',
      entityId: current.id,
      companyId: current.company_id,
      action: 'renew',
      before,
      after: { ...after, renewedBy: app.id },
    },
  ]);
  if (input.issuedOn <= ctx.today)
    await recordApplicationEventIn(trx, now, ctx.kb, scope, app.id, {
      kind: 'licence-issued',
      on: input.issuedOn,
      today: ctx.today,
      note: `licence ${current.number} renewed`,
    });
  return after;
}
