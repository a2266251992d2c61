/** After a knowledge-base change: stored authority due dates recomputed under the kb the server serves. */
import { authorityDueOn } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { isFinal } from '../application-transitions.ts';
import { writeAudit } from '../auth/audit.ts';
import type { Db } from '../db.ts';
import { applicationStates } from '../schema.ts';
import { nextUpdatedAt } from './changes.ts';
import { clockInputOf, type Row, toApplication } from './rows.ts';

/** applications read at a time when due dates are recomputed */
const REFRESH_PAGE = 500;

/**
 * Recomputes the stored authority_due_on of every application still with the authority, under `kb`: the
 * stored date was computed under the kb of its last change, and a new kb (holidays of a new year, a changed
 * time limit) may move it. Rows whose date moves are updated with a new version (updated_at) and an audit row
 * by "system" (action "recompute"); the others are left alone. Returns how many moved. The server runs it at
 * start, so that `overdue` filters read dates of the kb it serves.
 */
export async function refreshAuthorityDueDates(db: Db, kb: Kb, pageSize = REFRESH_PAGE): Promise<number> {
  const open = applicationStates.filter((s) => s !== 'draft' && !isFinal(s));
  let moved = 0;
  // a page at a time, so that memory stays bounded however many applications there are
  for (let after = ''; ; ) {
    const rows = await db.kysely
      .selectFrom('applications')
      .selectAll()
      .where('state', 'in', open)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (!rows.length) break;
    after = rows[rows.length - 1]!.id;
    moved += await refreshPage(db, kb, rows);
  }
  return moved;
}

async function refreshPage(db: Db, kb: Kb, rows: readonly Row[]): Promise<number> {
  let moved = 0;
  for (const row of rows) {
    const due = authorityDueOn(kb, clockInputOf(toApplication(row)));
    if (due === row.authority_due_on) continue;
    await db.kysely.transaction().execute(async (trx) => {
      const set: Partial<Row> = { authority_due_on: due, updated_at: nextUpdatedAt(row, db.clock.now()) };
      const r = await trx
        .updateTable('applications')
        .set(set)
        .where('id', '=', row.id)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return; // changed meanwhile: that change computed it anew
      await writeAudit(trx, set.updated_at!, [
        {
          organisationId: row.organisation_id,
          actorId: null,
          actorLabel: 'system',
          entity: 'applications',
          entityId: row.id,
          companyId: row.company_id,
          action: 'recompute',
          before: { id: row.id, authorityDueOn: row.authority_due_on, kbVersion: null },
          after: { id: row.id, authorityDueOn: due, kbVersion: kb.version },
        },
      ]);
      moved++;
    });
  }
  return moved;
}
