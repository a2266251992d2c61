/**
 * The annual-report records an approved annual-report application leaves: one per licence it reports on —
 * the company's active licences whose codes it names and that were held on 31 December of the year reported
 * on — for the year before the one it was submitted in (reports are submitted in the first quarter of the
 * next year, kb annual-report-window), submitted on the day the application was. A record of that licence
 * and year that exists already (entered by hand) is updated to the application's. Each write is audited
 * (action "record") in the transaction of the approval.
 */
import { reportYearEnd } from '@icpdesk/engine';
import type { Transaction } from 'kysely';
import type { ApplicationsTable, Database } from '../schema.ts';
import type { Scope } from '../scope.ts';
import { annualReports } from './annual-report-kind.ts';
import { type AnyRow, valuesOf } from './fields.ts';
import { entryWithKey, insertEntryIn, type RegisterEntry, updateEntryIn } from './repository.ts';

const sharesCode = (a: readonly string[], b: readonly string[]) => a.some((c) => b.includes(c));

export async function recordAnnualReportsOf(
  trx: Transaction<Database>,
  at: string,
  scope: Scope,
  app: ApplicationsTable,
): Promise<RegisterEntry[]> {
  if (app.procedure !== 'annual-report' || !app.submitted_on) return [];
  const year = Number(app.submitted_on.slice(0, 4)) - 1;
  const codes = JSON.parse(app.licence_codes) as string[];
  const licences = await trx
    .selectFrom('licences')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('company_id', '=', app.company_id)
    .where('status', '=', 'active')
    .where('issued_on', '<=', reportYearEnd(year))
    .orderBy('id')
    .execute();
  const recorded: RegisterEntry[] = [];
  for (const licence of licences) {
    if (!sharesCode(JSON.parse(licence.codes) as string[], codes)) continue;
    const values = { year, submittedOn: app.submitted_on, applicationId: app.id, note: null };
    const extra: AnyRow = { application_id: app.id };
    const probe: AnyRow = { licence_id: licence.id, year };
    const existing = await entryWithKey(trx, scope, annualReports, probe);
    recorded.push(
      existing
        ? await updateEntryIn(
            trx,
            at,
            scope,
            annualReports,
            existing,
            { ...valuesOf(annualReports, existing), submittedOn: app.submitted_on },
            'record',
            extra,
          )
        : await insertEntryIn(
            trx,
            at,
            scope,
            annualReports,
            { companyId: app.company_id, licence },
            values,
            'record',
            extra,
          ),
    );
  }
  return recorded;
}
