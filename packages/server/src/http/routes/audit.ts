/**
 * The audit log, read-only (tag "audit"):
 *
 * - GET /api/v1/audit                 the organisation's whole log, newest first (owner, admin; an API token
 *                                     needs the admin scope); filters entity, entityId, actorId, action,
 *                                     companyId, from (inclusive) and to (exclusive) instants
 * - GET /api/v1/companies/:id/audit   everything about one company: its own rows and those of its
 *                                     assessments, applications, licences and documents (owner, admin,
 *                                     consultant, viewer; a client may read no audit log: 403)
 *
 * Each entry: actor (id and the label it had then), time, entity, entity id, company id, action,
 * before/after as the API showed them, and for updates the list of changed fields. There is deliberately
 * no route that changes or deletes entries; the database refuses it too (migration 0006).
 */

import { type AuditFilter, listAudit, listCompanyAudit } from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { auditEntrySchema, presentAuditPage } from '../presenters/audit.ts';
import { idParams, notFound, pageOf, pageQuery, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

/** an instant with a time zone, e.g. 2026-11-29T08:00:00Z or 2026-11-29T16:00:00+08:00, kept in UTC */
const instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .describe('an ISO 8601 instant with a time zone');

const filters = {
  entity: z.string().min(1).max(64).optional(),
  entityId: z.string().min(1).max(100).optional(),
  actorId: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(64).optional(),
  from: instant.optional().describe('entries at or after this instant'),
  to: instant.optional().describe('entries before this instant'),
};
const companyQuery = pageQuery.extend(filters);
const organisationQuery = pageQuery.extend({ ...filters, companyId: z.string().min(1).max(100).optional() });

type Query = z.infer<typeof organisationQuery>;

function filterOf(q: Query): AuditFilter & { limit: number; cursor?: string } {
  const out: AuditFilter & { limit: number; cursor?: string } = { limit: q.limit };
  for (const k of ['cursor', 'entity', 'entityId', 'actorId', 'action', 'companyId', 'from', 'to'] as const)
    if (q[k] !== undefined) out[k] = q[k];
  return out;
}

export const auditRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db } = o;
  const preValidation = requireSession(db);

  app.get(
    '/api/v1/audit',
    {
      preValidation,
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: 'The organisation’s audit log, newest first (owner, admin)',
        querystring: organisationQuery,
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    async (req) => presentAuditPage(await listAudit(db, scopeOf(req), filterOf(req.query))),
  );

  app.get(
    '/api/v1/companies/:id/audit',
    {
      preValidation,
      schema: {
        operationId: 'listCompanyAuditEntries',
        tags: ['audit'],
        summary:
          'Everything recorded about one company and its assessments, applications, licences and documents, newest first (not clients)',
        params: idParams,
        querystring: companyQuery,
        response: { 200: pageOf(auditEntrySchema) },
      },
    },
    async (req) => {
      const page = await listCompanyAudit(db, scopeOf(req), req.params.id, filterOf(req.query));
      if (!page) throw notFound('company', req.params.id);
      return presentAuditPage(page);
    },
  );
};
