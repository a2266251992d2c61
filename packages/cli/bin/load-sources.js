/**
 * Loads the command's TypeScript sources without compiling them at every start. The first run bundles them
 * with esbuild (the compiler tsx uses) into a cache folder outside the repository, $ICPDESK_CACHE_DIR or
 * icpdesk-cache-<uid> in the system temp folder; later runs import that bundle directly and rebuild it when
 * a source file changes. Dependencies stay in node_modules; commands stay separate chunks, loaded only when
 * they run. The folder must be the user's own and writable by no one else, since its code is run. If the
 * bundle cannot be built or written, or ICPDESK_NO_CACHE=1, the sources run through tsx.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entries = { main: '../src/main.ts', 'batch-worker': '../src/commands/batch-worker.ts' };
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const uid = process.getuid?.();
const cacheDir = process.env.ICPDESK_CACHE_DIR ?? join(tmpdir(), `icpdesk-cache-${uid ?? 'user'}`);
// one bundle per checkout and per version of this file
const key = createHash('sha256')
  .update(root)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex');
const stateFile = join(cacheDir, `cli-${key.slice(0, 16)}.json`);
/** files outside the bundle's sources whose change must rebuild it: the workspace manifests and the install */
const alsoWatched = () =>
  [
    'node_modules/.package-lock.json',
    'tsconfig.json',
    'package.json',
    ...JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.map(
      (w) => `${w}/package.json`,
    ),
  ].map((f) => join(root, f));

/** Imports an entry point of the sources: 'main' or 'batch-worker'. */
export async function importSource(name) {
  if (process.env.ICPDESK_NO_CACHE !== '1') {
    let dir;
    try {
      dir = current() ?? (await build());
    } catch {
      dir = undefined; // no esbuild, read-only or full disk: run the sources through tsx instead
    }
    if (dir) return import(pathToFileURL(join(dir, `${name}.js`)).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(entries[name], import.meta.url).href);
}

const stamp = (file) => {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

/** Makes sure the cache folder exists, is this user's and is writable by no one else; throws if not. */
function privateCacheDir() {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const s = statSync(cacheDir);
  if (uid !== undefined && (s.uid !== uid || (s.mode & 0o022) !== 0))
    throw new Error(`${cacheDir} is not private to this user`);
}

/** The folder of the bundle, if it was built from the files as they are now. */
function current() {
  privateCacheDir();
  let state;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, was] of Object.entries(state.inputs)) if (stamp(file) !== was) return undefined;
  return existsSync(join(state.dir, 'main.js')) ? state.dir : undefined;
}

async function build() {
  const esbuild = await import('esbuild');
  const dir = join(cacheDir, `cli-${key.slice(0, 16)}-${Date.now().toString(36)}-${process.pid}`);
  const tmp = `${dir}.tmp`;
  const r = await esbuild.build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([n, p]) => [n, fileURLToPath(new URL(p, import.meta.url))]),
    ),
    absWorkingDir: root,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // as Node resolves an import: no "module" field or condition
    mainFields: ['main'],
    conditions: [],
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [dependenciesInPlace, ownLocation],
  });
  renameSync(tmp, dir);
  const inputs = {};
  for (const f of [...Object.keys(r.metafile.inputs).map((i) => join(root, i)), ...alsoWatched()])
    inputs[f] = stamp(f);
  const next = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify({ dir, inputs }));
  renameSync(next, stateFile);
  prune(dir);
  return dir;
}

/**
 * Bare imports (packages in node_modules) are not bundled: they are imported from where they are installed,
 * by file URL, since the bundle lives outside the repository. The @icpdesk/ packages are sources and bundled.
 */
const dependenciesInPlace = {
  name: 'dependencies-in-place',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (a) => {
      if (a.path.startsWith('@icpdesk/') || a.path.startsWith('node:') || a.pluginData === 'inner') return;
      const r = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, pluginData: 'inner' });
      if (r.errors.length) return { errors: r.errors };
      return r.external ? r : { path: pathToFileURL(r.path).href, external: true };
    });
  },
};

/** import.meta.url (dirname, filename) in a bundled source is that source's own location, so files next to it are found. */
const ownLocation = {
  name: 'own-location',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      const own = { url: pathToFileURL(a.path).href, dirname: dirname(a.path), filename: a.path };
      const text = readFileSync(a.path, 'utf8').replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) =>
        JSON.stringify(own[k]),
      );
      return { contents: text, loader: 'ts' };
    });
  },
};

/** Removes bundles of this checkout other than the new one once they are a day old (a server may still use one). */
function prune(keep) {
  const prefix = `cli-${key.slice(0, 16)}-`;
  for (const name of readdirSync(cacheDir)) {
    const full = join(cacheDir, name);
    if (!name.startsWith(prefix) || full === keep) continue;
    try {
      if (Date.now() - statSync(full).mtimeMs > 86_400_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}
