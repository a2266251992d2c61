/**
 * Events that do not change an application's state: a pause of the review clock (started, ended) or the
 * licence being issued.
 */
import { applicationClock } from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import type { Transaction } from 'kysely';
import { isFinal } from '../application-transitions.ts';
import type { Db } from '../db.ts';
import type { Database } from '../schema.ts';
import type { Scope } from '../scope.ts';
import { recordChange } from './changes.ts';
import { checkDate, checkDocuments } from './checks.ts';
import { type ApplicationDetail, ApplicationStoreError, type EventInput } from './model.ts';
import { clockInputOf, clockOf, mustWrite, type Row, selectOne, toApplication } from './rows.ts';

const REVIEW_RUNNING = new Set(['on-time', 'due-soon', 'overdue']);

/**
 * Records an event that does not change the state: an expert review, inspection, hearing or testing that
 * pauses the review clock (started / ended), or the licence being issued. EVENT_NOT_ALLOWED when it does not
 * fit (no review running, a pause already open or none open, not approved or already issued).
 */
export async function recordApplicationEvent(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  e: EventInput,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely
    .transaction()
    .execute((trx) => recordApplicationEventIn(trx, db.clock.now(), kb, scope, id, e));
}

/**
 * recordApplicationEvent inside a transaction of the caller's — e.g. creating the licence of an approved
 * application records `licence-issued` on it in the same transaction. The caller checks the role.
 */
export async function recordApplicationEventIn(
  trx: Transaction<Database>,
  now: Date,
  kb: Kb,
  scope: Scope,
  id: string,
  e: EventInput,
): Promise<ApplicationDetail | undefined> {
  const current = await selectOne(trx, scope, id);
  if (!current) return undefined;
  const clock = clockOf(current);
  checkDate(clock, e.on, e.today);
  const refuse: (why: Text) => never = (why) => {
    throw new ApplicationStoreError('EVENT_NOT_ALLOWED', why);
  };
  const open = clock.pauses.find((p) => p.to === null);
  switch (e.kind) {
    case 'pause-started': {
      if (open)
        refuse({
          zh: `自 ${open.from} 起已有一个 ${open.kind} 中止尚未结束，请先结束它`,
          en: `a ${open.kind} pause is open since ${open.from}; end it first`,
        });
      const app = toApplication(current);
      const decision = applicationClock(kb, clockInputOf(app), e.on).steps.find((s) => s.id === 'decision');
      if (isFinal(current.state) || !decision || !REVIEW_RUNNING.has(decision.status))
        refuse({
          zh: `${e.on} 不在审查期限计算期间内（该申请的状态为 ${current.state}）`,
          en: `the review period is not running on ${e.on} (the application is ${current.state})`,
        });
      clock.pauses.push({ kind: e.pauseKind, from: e.on, to: null });
      break;
    }
    case 'pause-ended':
      if (!open) refuse({ zh: '当前没有未结束的中止', en: 'no pause is open' });
      open.to = e.on;
      break;
    case 'licence-issued':
      if (current.state !== 'approved')
        refuse({
          zh: `只有已批准的申请才会发放许可证（该申请的状态为 ${current.state}）`,
          en: `a licence is issued on an approved application (this one is ${current.state})`,
        });
      if (current.procedure === 'cancellation')
        refuse({ zh: '注销申请不发放许可证', en: 'a cancellation issues no licence' });
      if (current.procedure === 'annual-report')
        refuse({ zh: '年报不发放许可证', en: 'an annual report issues no licence' });
      if (clock.issuedOn)
        refuse({
          zh: `已记录许可证于 ${clock.issuedOn} 发放`,
          en: `the licence was recorded as issued on ${clock.issuedOn}`,
        });
      clock.issuedOn = e.on;
      break;
  }
  await checkDocuments(trx, scope, current.company_id, e.attachments ?? []);
  const set: Partial<Row> = {};
  if (e.authorityReference !== undefined) set.authority_reference = e.authorityReference;
  return recordChange(
    trx,
    kb,
    scope,
    current,
    set,
    clock,
    {
      kind: e.kind,
      to: current.state,
      on: e.on,
      note: e.note,
      attachments: e.attachments,
      authorityReference: e.authorityReference,
      pauseKind: e.kind === 'pause-started' ? e.pauseKind : undefined,
    },
    now,
  );
}
