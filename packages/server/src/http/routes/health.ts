/** Liveness (the process answers) and readiness (the knowledge base is loaded and the database answers). */
import type { Kb } from '@icpdesk/kb';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../problems.ts';

export const healthRoutes: FastifyPluginAsyncZod<{
  kb: Kb;
  dbCheck?: () => Promise<{ dialect: string }>;
}> = async (app, o) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: knowledge base loaded, database reachable',
        security: [],
        problems: ['NOT_READY'],
        response: {
          200: z.object({
            status: z.literal('ready'),
            kbVersion: z.string(),
            database: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      let database: string | null = null;
      if (o.dbCheck) {
        try {
          database = (await o.dbCheck()).dialect;
        } catch (e) {
          // the driver's text may name hosts, users or paths: it goes to the log, never to the caller
          req.log.warn({ err: e }, 'readiness: the database does not answer');
          throw new HttpProblem('NOT_READY', {
            zh: '数据库暂时无法访问',
            en: 'the database cannot be reached for now',
          });
        }
      }
      return { status: 'ready' as const, kbVersion: o.kb.version, database };
    },
  );
};
