/**
 * Builds the web app into packages/web/dist unless the build there is of the current sources (a digest of
 * them is kept in dist/.source-digest). `npm start` runs it first (prestart), so a fresh clone serves the
 * app; the e2e tests run it too. Without Vite (an install without dev dependencies) an existing build is
 * kept, and a missing one leaves the server serving the API alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
const dist = join(web, 'dist');
const stamp = join(dist, '.source-digest');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** the sources a build depends on: the app, its config and the API contract its client is typed from */
export function sourceDigest(): string {
  const h = createHash('sha256');
  const inputs = [
    ...files(join(web, 'src')).filter((f) => !f.endsWith('.d.ts')),
    ...files(join(web, 'scripts')),
    join(web, 'index.html'),
    join(web, 'vite.config.ts'),
    join(web, 'package.json'),
  ];
  for (const f of inputs) h.update(relative(web, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

export async function ensureBuilt(
  log: (line: string) => void = console.log,
): Promise<{ built: boolean; dist: string }> {
  const digest = sourceDigest();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return { built: false, dist };
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log(
      existsSync(join(dist, 'index.html'))
        ? 'web app: Vite not installed, keeping the old build'
        : 'web app: Vite not installed, not built (the server serves the API only)',
    );
    return { built: false, dist };
  }
  log('web app: building packages/web …');
  // a production build also when called from a test runner, which sets NODE_ENV=test (React's dev build)
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({
      root: web,
      configFile: join(web, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  writeFileSync(stamp, digest);
  return { built: true, dist };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await ensureBuilt();
