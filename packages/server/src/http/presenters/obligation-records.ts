/** What the API shows of an obligation record (ObligationRecord), as the store keeps it. */
import { obligationRecordStatuses } from '@icpdesk/store';
import { z } from 'zod';

export const obligationRecordSchema = z
  .object({
    id: z.string(),
    obligation: z.string().describe('the obligation’s id, as the obligations list gives it'),
    companyId: z.string().describe('the obligation’s company'),
    status: z.enum(obligationRecordStatuses).describe('done: done on `on`; waived: not owed, for `reason`'),
    on: z.string().nullable().describe('done: the day it was done (YYYY-MM-DD); null when waived'),
    reason: z.string().nullable().describe('waived: why; null when done'),
    note: z.string().nullable().describe('a reference or note (receipt number, file, …)'),
    createdBy: z
      .string()
      .nullable()
      .describe('the member’s user id; null for the operator at the command line'),
    createdByLabel: z
      .string()
      .describe('who recorded it, as the audit log names them (an e-mail, or token:<name>)'),
    createdAt: z.string(),
  })
  .meta({
    examples: [
      {
        id: '01JEXAMPLE0000000000000000',
        obligation: 'number-annual-report/number:01JEXAMPLENUMBER000000000/2025',
        companyId: '01JEXAMPLECOMPANY00000000',
        status: 'done',
        on: '2026-03-20',
        reason: null,
        note: '码号资源年报回执 2026-0320',
        createdBy: '01JEXAMPLEUSER00000000000',
        createdByLabel: 'name@example.com',
        createdAt: '2026-03-20T08:00:00.000Z',
      },
    ],
  });
