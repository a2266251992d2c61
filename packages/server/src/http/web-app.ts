/**
 * The web app (packages/web, built by Vite into packages/web/dist) from the API's own origin: hashed files
 * under /assets/ with a long cache, and index.html for every other GET outside /api/, so that the app's
 * routes (/assess, /invite/<token>, …) load it and route in the browser. /api/… keeps its problem+json 404.
 * index.html gets a CSP of its own: scripts, fonts, images and requests from this origin only; styles also
 * inline, because Ant Design writes its styles at run time (CSS-in-JS) into <style> elements.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** where `npm run build:web` writes the app */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** paths that are never the app's: the API and its docs, health, and files that would be under /assets/ */
const NOT_APP = /^\/(api|assets)(\/|$)|^\/(health|ready)$/;

/** serves the built app from `dir`; false (and nothing registered) when it has not been built */
export async function webApp(app: FastifyInstance, dir: string): Promise<boolean> {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    schemaHide: true,
  });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (NOT_APP.test(req.url.split('?')[0] ?? '')) return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', WEB_CSP)
      .header('cache-control', 'no-cache')
      .send(index);
  });
  return true;
}
