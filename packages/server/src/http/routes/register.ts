/**
 * The register (issue #11 §2), one set of routes per kind (store/register/kinds.ts), like the licences:
 *
 * - GET    /api/v1/<kind>        list, cursor-paginated; filters companyId (an annual report's licenceId),
 *                                status (filings), expiringBefore (domains, number resources); sort createdAt
 *                                or the kind's own
 * - POST   /api/v1/<kind>        create (owner, admin, consultant): { companyId (annual reports: licenceId), … }
 * - GET    /api/v1/<kind>/:id    one entry
 * - PATCH  /api/v1/<kind>/:id    change some fields (owner, admin, consultant); the whole entry is re-checked
 * - DELETE /api/v1/<kind>/:id    delete (owner, admin, consultant)
 * - GET    /api/v1/companies/:id/register   everything the register holds for one company
 *
 * <kind> is icp-filings, app-filings, public-security-filings, domains, servers, number-resources,
 * annual-reports or company-events (a change with the day it took effect: the obligations count from it). Fields are checked by the store with the engine's validators (400 INVALID_REGISTER_ENTRY,
 * one entry per problem in `errors`); the kind's key is unique in the organisation (409 REGISTER_KEY_TAKEN).
 * Their spreadsheets are in ./register-import-export.ts.
 */
import {
  companyEntries,
  createRegisterEntry,
  deleteRegisterEntry,
  type FieldSpec,
  getCompany,
  getRegisterEntry,
  listRegisterEntries,
  type RegisterKind,
  registerKinds,
  updateRegisterEntry,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { HttpProblem } from '../problems.ts';
import {
  dateOnly,
  idParams,
  langQuery,
  notFound,
  pageOf,
  pageQuery,
  type ResourceRoutesOptions,
  text,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { registerSpreadsheetRoutes } from './register-import-export.ts';

const LIST_MAX = 50;

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
const hasStatus = (kind: RegisterKind) => kind.fields.some((f) => f.key === 'status');

/** a field as a request gives it */
function inputOf(f: FieldSpec): z.ZodType {
  const item = f.values ? z.enum(f.values as [string, ...string[]]) : text(f.max ?? 200);
  const base =
    f.type === 'date'
      ? dateOnly
      : f.type === 'int'
        ? z.number().int().min(0).max(9999)
        : f.type === 'list'
          ? z.array(item).max(LIST_MAX)
          : item;
  return f.description ? base.describe(f.description) : base;
}

/** a field as the API shows it */
function outputOf(f: FieldSpec): z.ZodType {
  const never = f.required || f.defaultValue !== undefined;
  const base =
    f.type === 'list'
      ? z.array(z.string())
      : f.type === 'int'
        ? z.number().int()
        : f.values
          ? z.enum(f.values as [string, ...string[]])
          : z.string();
  const shown = never || f.type === 'list' ? base : base.nullable();
  return f.description ? shown.describe(f.description) : shown;
}

const exampleIds = { id: '01JEXAMPLEEVENT0000000000', companyId: '01JEXAMPLECOMPANY00000000' };
const exampleStamps = { createdAt: '2026-11-29T08:00:00.000Z', updatedAt: '2026-11-29T08:00:00.000Z' };

const parentId = (kind: RegisterKind) => (kind.parent === 'licence' ? 'licenceId' : 'companyId');

/** the zod schemas of a kind: the entry, the new entry, the patch, the list query */
export function kindSchemas(kind: RegisterKind) {
  const fields = kind.fields.filter((f) => !f.readOnly);
  const entry = z
    .object({
      id: z.string(),
      companyId: z.string(),
      ...(kind.parent === 'licence' ? { licenceId: z.string().describe('the licence reported on') } : {}),
      ...Object.fromEntries(kind.fields.map((f) => [f.key, outputOf(f)])),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .meta({
      id: kind.schemaName,
      description: `${kind.name.en} (${kind.name.zh})`,
      ...(kind.example ? { examples: [{ ...exampleIds, ...kind.example, ...exampleStamps }] } : {}),
    });
  const create = z
    .strictObject({
      [parentId(kind)]: z.string().min(1).max(100),
      ...Object.fromEntries(
        fields.map((f) => [f.key, f.required ? inputOf(f) : inputOf(f).nullable().optional()]),
      ),
    })
    .meta(kind.example ? { examples: [{ [parentId(kind)]: exampleIds.companyId, ...kind.example }] } : {});
  const patch = z
    .strictObject(
      Object.fromEntries(
        fields.map((f) => [f.key, (f.required ? inputOf(f) : inputOf(f).nullable()).optional()]),
      ),
    )
    .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
  const list = pageQuery.extend({
    sort: z.enum(['createdAt', ...kind.sorts] as [string, ...string[]]).default('createdAt'),
    companyId: z.string().min(1).max(100).optional(),
    ...(kind.parent === 'licence' ? { licenceId: z.string().min(1).max(100).optional() } : {}),
    ...(hasStatus(kind) ? { status: z.enum(['active', 'cancelled']).optional() } : {}),
    ...(kind.expiry
      ? { expiringBefore: dateOnly.optional().describe('only entries that expire strictly before this date') }
      : {}),
  });
  return { entry, create, patch, list };
}

export const registerSchemas = new Map(registerKinds.map((k) => [k.id, kindSchemas(k)]));

/** the register's key of a kind in the company register: icpFilings, domains, … */
export const registerKey = (id: string) => pascal(id).replace(/^./, (c) => c.toLowerCase());

const companyRegisterSchema = z
  .object(
    Object.fromEntries(
      registerKinds.map((k) => [registerKey(k.id), z.array(registerSchemas.get(k.id)!.entry)]),
    ),
  )
  .meta({
    id: 'CompanyRegister',
    description: "a company's register: every kind, oldest first (at most 1000 each)",
  });

export const registerRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);
  const ctx = () => ({ kb, today: clock.today() });
  const missing = (kind: RegisterKind, id: string) =>
    new HttpProblem('NOT_FOUND', {
      zh: `${kind.name.zh} ${id.slice(0, 100)}`,
      en: `${kind.name.en} ${id.slice(0, 100)}`,
    });

  for (const kind of registerKinds) {
    const s = registerSchemas.get(kind.id)!;
    const one = pascal(kind.id).replace(/s$/, '');
    const path = `/api/v1/${kind.id}`;

    app.get(
      path,
      {
        preValidation,
        schema: {
          operationId: `list${pascal(kind.id)}`,
          tags: ['register'],
          summary: `The ${kind.plural.en} of the organisation (a client: of the companies linked to it), a page at a time`,
          querystring: s.list,
          response: { 200: pageOf(s.entry) },
        },
      },
      async (req) => {
        const q = req.query as Record<string, string | number | undefined>;
        return listRegisterEntries(db, scopeOf(req), kind, {
          limit: Number(q.limit),
          sort: String(q.sort),
          ...(q.cursor ? { cursor: String(q.cursor) } : {}),
          ...(q.companyId ? { companyId: String(q.companyId) } : {}),
          ...(q.licenceId ? { licenceId: String(q.licenceId) } : {}),
          ...(q.status ? { status: String(q.status) } : {}),
          ...(q.expiringBefore ? { expiringBefore: String(q.expiringBefore) } : {}),
        });
      },
    );

    app.post(
      path,
      {
        preValidation,
        config: { location: `${path}/{id}` },
        schema: {
          operationId: `create${one}`,
          problems: ['INVALID_REGISTER_ENTRY', 'REGISTER_KEY_TAKEN', 'NOT_FOUND'],
          tags: ['register'],
          summary: `Record a ${kind.name.en} (owner, admin, consultant)`,
          querystring: langQuery,
          body: s.create,
          response: { 201: s.entry },
        },
      },
      async (req, reply) => {
        const entry = await createRegisterEntry(
          db,
          scopeOf(req),
          ctx(),
          kind,
          req.body as Record<string, unknown>,
        );
        return reply.status(201).send(entry);
      },
    );

    app.get(
      `${path}/:id`,
      {
        preValidation,
        schema: {
          operationId: `get${one}`,
          tags: ['register'],
          summary: `One ${kind.name.en}`,
          params: idParams,
          querystring: langQuery,
          response: { 200: s.entry },
        },
      },
      async (req) => {
        const entry = await getRegisterEntry(db, scopeOf(req), kind, req.params.id);
        if (!entry) throw missing(kind, req.params.id);
        return entry;
      },
    );

    app.patch(
      `${path}/:id`,
      {
        preValidation,
        schema: {
          operationId: `update${one}`,
          problems: ['INVALID_REGISTER_ENTRY', 'REGISTER_KEY_TAKEN'],
          tags: ['register'],
          summary: `Change some fields of a ${kind.name.en} (owner, admin, consultant); the result is re-checked`,
          params: idParams,
          querystring: langQuery,
          body: s.patch,
          response: { 200: s.entry },
        },
      },
      async (req) => {
        const patch = Object.fromEntries(
          Object.entries(req.body as object).filter(([, v]) => v !== undefined),
        );
        const entry = await updateRegisterEntry(db, scopeOf(req), ctx(), kind, req.params.id, patch);
        if (!entry) throw missing(kind, req.params.id);
        return entry;
      },
    );

    app.delete(
      `${path}/:id`,
      {
        preValidation,
        schema: {
          operationId: `delete${one}`,
          tags: ['register'],
          summary: `Delete a ${kind.name.en} (owner, admin, consultant)`,
          params: idParams,
          querystring: langQuery,
          response: { 204: z.null().describe('deleted') },
        },
      },
      async (req, reply) => {
        if (!(await deleteRegisterEntry(db, scopeOf(req), kind, req.params.id)))
          throw missing(kind, req.params.id);
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/api/v1/companies/:id/register',
    {
      preValidation,
      schema: {
        operationId: 'getCompanyRegister',
        tags: ['register'],
        summary:
          "A company's register: filings, domains, servers, number resources, annual reports and company events",
        params: idParams,
        querystring: langQuery,
        response: { 200: companyRegisterSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      if (!(await getCompany(db, scope, req.params.id))) throw notFound('company', req.params.id);
      const out: Record<string, Awaited<ReturnType<typeof companyEntries>>> = {};
      for (const kind of registerKinds)
        out[registerKey(kind.id)] = await companyEntries(db, scope, kind, req.params.id);
      return out;
    },
  );

  await app.register(registerSpreadsheetRoutes, o);
};
