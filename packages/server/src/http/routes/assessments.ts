/**
 * stored assessments of companies: run, re-run, compare. (Placeholder registered by app.ts; filled in by its slice of issue #4.)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ResourceRoutesOptions } from '../route-kit.ts';

export const assessmentRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (_app, _o) => {};
