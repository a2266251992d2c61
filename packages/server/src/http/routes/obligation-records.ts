/**
 * Obligation records (issue #11, "Keep the licence"; store: obligations/records.ts): an obligation recorded
 * done on a day, or waived with a reason, for the obligations the register and applications do not close by
 * themselves. The obligations lists show the record at once (the write is audited, which moves the kept
 * answers' version).
 *
 * - POST   /api/v1/obligation-records       record one (writers); 201 with Location
 * - GET    /api/v1/obligation-records       the records the caller sees (a client: of its linked companies),
 *                                           optionally of one company or one obligation
 * - GET    /api/v1/obligation-records/:id   one record
 * - DELETE /api/v1/obligation-records/:id   undo (writers): the obligation is open again
 */
import {
  createObligationRecord,
  deleteObligationRecord,
  getObligationRecord,
  listObligationRecords,
  OBLIGATION_RECORD_TEXT_MAX,
  obligationRecordStatuses,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { obligationRecordSchema } from '../presenters/obligation-records.ts';
import { HttpProblem } from '../problems.ts';
import {
  dateOnly,
  idParams,
  langQuery,
  pageOf,
  pageQuery,
  type ResourceRoutesOptions,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

const obligationId = z.string().min(1).max(300);

const createBody = z
  .strictObject({
    obligation: obligationId.describe('the obligation’s id, from the obligations list'),
    status: z.enum(obligationRecordStatuses),
    on: dateOnly
      .optional()
      .describe('done: the day it was done, not after today in China; leave out when waived'),
    reason: z
      .string()
      .max(OBLIGATION_RECORD_TEXT_MAX)
      .optional()
      .describe('waived: why it is not owed (required); leave out when done'),
    note: z.string().max(OBLIGATION_RECORD_TEXT_MAX).optional().describe('a reference or note'),
  })
  .meta({
    examples: [
      {
        obligation: 'number-annual-report/number:01JEXAMPLENUMBER000000000/2025',
        status: 'done',
        on: '2026-03-20',
        note: '码号资源年报回执 2026-0320',
      },
    ],
  });

const listQuery = pageQuery.extend({
  companyId: z.string().min(1).max(100).optional().describe('only this company’s records'),
  obligation: obligationId.optional().describe('only the record of this obligation'),
  lang: z.enum(['zh', 'en']).optional(),
});

const tags = ['obligations'];

const recordNotFound = () =>
  new HttpProblem('NOT_FOUND', { zh: '没有这条义务记录', en: 'no such obligation record' });

export const obligationRecordRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb } = o;
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/obligation-records',
    {
      preValidation,
      config: { location: '/api/v1/obligation-records/{id}' },
      schema: {
        operationId: 'createObligationRecord',
        tags,
        summary:
          'Record an obligation done on a day or waived with a reason (owner, admin, consultant); the obligations lists show it at once',
        problems: [
          'INVALID_OBLIGATION_RECORD',
          'OBLIGATION_UNKNOWN',
          'OBLIGATION_RECORDED',
          'OBLIGATION_ALREADY_DONE',
        ],
        querystring: langQuery,
        body: createBody,
        response: { 201: obligationRecordSchema },
      },
    },
    async (req, reply) => {
      const { obligation, status, on, reason, note } = req.body;
      const record = await createObligationRecord(db, kb, scopeOf(req), {
        obligation,
        status,
        on,
        reason,
        note,
      });
      return reply.status(201).send(record);
    },
  );

  app.get(
    '/api/v1/obligation-records',
    {
      preValidation,
      schema: {
        operationId: 'listObligationRecords',
        tags,
        summary: 'The obligations recorded done or waived (a client: of its linked companies), oldest first',
        querystring: listQuery,
        response: { 200: pageOf(obligationRecordSchema) },
      },
    },
    async (req) => {
      const { limit, cursor, companyId, obligation } = req.query;
      return listObligationRecords(db, scopeOf(req), {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(companyId ? { companyId } : {}),
        ...(obligation ? { obligation } : {}),
      });
    },
  );

  app.get(
    '/api/v1/obligation-records/:id',
    {
      preValidation,
      schema: {
        operationId: 'getObligationRecord',
        tags,
        summary: 'One obligation record',
        params: idParams,
        querystring: langQuery,
        response: { 200: obligationRecordSchema },
      },
    },
    async (req) => {
      const record = await getObligationRecord(db, scopeOf(req), req.params.id);
      if (!record) throw recordNotFound();
      return record;
    },
  );

  app.delete(
    '/api/v1/obligation-records/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteObligationRecord',
        tags,
        summary: 'Undo an obligation record (owner, admin, consultant): the obligation is open again',
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('undone') },
      },
    },
    async (req, reply) => {
      const undone = await deleteObligationRecord(db, scopeOf(req), req.params.id);
      if (!undone) throw recordNotFound();
      return reply.status(204).send(null);
    },
  );
};
