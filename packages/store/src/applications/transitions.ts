import type { Kb } from '@icpdesk/kb';
import { nextStates } from '../application-transitions.ts';
import type { Db } from '../db.ts';
import { recordAnnualReportsOf } from '../register/annual-reports.ts';
import type { Scope } from '../scope.ts';
import { recordChange } from './changes.ts';
import { checkDate, checkDocuments } from './checks.ts';
import { type ApplicationDetail, ApplicationStoreError, type TransitionInput } from './model.ts';
import { type ClockData, clockOf, mustWrite, type Row, selectOne } from './rows.ts';

/** closes the open correction and pauses on `on` (a final state ends every clock) */
function closeAll(c: ClockData, on: string): void {
  for (const k of c.corrections) k.correctedOn ??= on;
  for (const p of c.pauses) p.to ??= on;
}

/**
 * Moves an application to another state (an event, an audit row, the clock inputs and authority_due_on);
 * undefined when the scope sees no application of that id. Approving an annual-report application records
 * the annual reports it made (../register/annual-reports.ts) in the same transaction.
 */
export async function transitionApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  t: TransitionInput,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const allowed = nextStates(current.state, current.accepted_on !== null);
    if (!allowed.includes(t.to))
      throw new ApplicationStoreError('INVALID_TRANSITION', {
        zh: `不允许从 ${current.state} 变更为 ${t.to}；可变更为：${
          allowed.length ? allowed.join('、') : `无（${current.state} 是终态）`
        }`,
        en: `${current.state} → ${t.to} is not allowed; allowed next states: ${
          allowed.length ? allowed.join(', ') : `none (${current.state} is final)`
        }`,
      });
    if (t.to === 'submitted' && current.authority === null)
      throw new ApplicationStoreError('APPLICATION_INCOMPLETE', {
        zh: '草稿未指定许可机关；提交前请先设置（PATCH authority）',
        en: 'the draft names no authority; set one (PATCH authority) before submitting',
      });
    const clock = clockOf(current);
    checkDate(clock, t.on, t.today);
    await checkDocuments(trx, scope, current.company_id, t.attachments ?? []);
    const set: Partial<Row> = { state: t.to };
    if (t.authorityReference !== undefined) set.authority_reference = t.authorityReference;
    switch (t.to) {
      case 'submitted':
        set.submitted_on = t.on;
        break;
      case 'accepted':
        set.accepted_on = t.on;
        break;
      case 'correction-requested':
        clock.corrections.push({ requestedOn: t.on, correctedOn: null });
        break;
      case 'corrected': {
        const open = clock.corrections.findLast((k) => k.correctedOn === null);
        if (open) open.correctedOn = t.on;
        break;
      }
      case 'approved':
      case 'rejected':
        set.decided_on = t.on;
        closeAll(clock, t.on);
        break;
      case 'withdrawn':
        clock.withdrawnOn = t.on;
        closeAll(clock, t.on);
        break;
      case 'draft':
        break;
    }
    const changed = await recordChange(
      trx,
      kb,
      scope,
      current,
      set,
      clock,
      {
        kind: 'transition',
        to: t.to,
        on: t.on,
        note: t.note,
        attachments: t.attachments,
        authorityReference: t.authorityReference,
      },
      db.clock.now(),
    );
    // an approved annual report is on record for the licences it reports on (../register/annual-reports.ts)
    if (t.to === 'approved') await recordAnnualReportsOf(trx, db.clock.now().toISOString(), scope, current);
    return changed;
  });
}
