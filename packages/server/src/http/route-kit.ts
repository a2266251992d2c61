/**
 * What the resource routes share: the problem+json response schema, id/lang/page query schemas. A
 * repository's refusal (RepoError) needs no wrapper: the app's error handler answers it (../store-errors.ts).
 */
import { isIsoDate } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import type { Clock, Db } from '@icpdesk/store';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem, type ProblemCode, problems } from './problems.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(problems) as [ProblemCode, ...ProblemCode[]]),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string().optional(), message: z.string() }))
      .optional(),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details (application/problem+json): match on `code`; `title`, `detail` and `errors[].message` follow the request language',
  });

/**
 * a body the handler reads and checks itself (multipart, or a profile the engine validates): its schema is
 * there for the OpenAPI document; the other parts of the request are validated as usual
 */
export const bodyCheckedByHandler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);

/** a multipart/form-data body of one file in `field` (for the document; the handler reads it) */
export const fileForm = (field: string, description: string) =>
  z.object({ [field]: z.string().meta({ format: 'binary' }).describe(description) });

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const langQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });

/** limit and cursor of a list; add the list's own sort and filters with `.extend()` */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional().describe('nextCursor of the previous page'),
  lang: z.enum(['zh', 'en']).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
  });

/** trimmed, non-empty text of at most `max` characters */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** a calendar date "YYYY-MM-DD" that exists (the engine's isIsoDate) */
export const dateOnly = z.string().refine(isIsoDate, 'expected a real date as YYYY-MM-DD');

/** what a NOT_FOUND detail names, in both languages */
const things = {
  'API token': { zh: 'API 令牌', en: 'API token' },
  application: { zh: '申请', en: 'application' },
  assessment: { zh: '评估', en: 'assessment' },
  company: { zh: '公司', en: 'company' },
  document: { zh: '文件', en: 'document' },
  invitation: { zh: '邀请', en: 'invitation' },
  licence: { zh: '许可证', en: 'licence' },
  member: { zh: '成员', en: 'member' },
} as const;

export const notFound = (what: keyof typeof things, id: string) =>
  new HttpProblem('NOT_FOUND', {
    zh: `${things[what].zh} ${id.slice(0, 100)}`,
    en: `${things[what].en} ${id.slice(0, 100)}`,
  });

/** what app.ts hands every resource plugin */
export interface ResourceRoutesOptions {
  db: Db;
  kb: Kb;
  /** the server's data directory (documents are stored under it) */
  dataDir: string;
  /** now, and today in China: the default as-of and effective date */
  clock: Clock;
}
