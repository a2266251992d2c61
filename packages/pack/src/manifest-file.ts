/**
 * Finds and parses application.yaml in a read package, keeping a map from manifest paths (documents[2].file)
 * to line and column, so that every problem can point at its place in the file.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import { PackError } from './errors.ts';
import type { PackageContents } from './read-package.ts';

export interface ManifestFile {
  file: string;
  data: unknown;
  /** line and column of a manifest path such as documents[2].file (the nearest existing node) */
  locate(path: string): { line?: number; column?: number };
}

function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * When a zip holds one top folder with the manifest inside (a zipped folder), paths are taken relative to it.
 */
export function rootPrefix(pkg: PackageContents): string {
  if (pkg.texts.has('application.yaml') || pkg.texts.has('application.yml')) return '';
  const firsts = new Set([...pkg.files.keys()].map((p) => p.split('/')[0]));
  if (firsts.size !== 1) return '';
  const top = [...firsts][0]!;
  return pkg.files.has(`${top}/application.yaml`) || pkg.files.has(`${top}/application.yml`) ? `${top}/` : '';
}

export function readManifest(pkg: PackageContents): ManifestFile {
  const prefix = rootPrefix(pkg);
  const name = ['application.yaml', 'application.yml'].map((n) => prefix + n).find((n) => pkg.files.has(n));
  if (!name)
    throw new PackError(
      'MANIFEST_MISSING',
      `${pkg.source} has no application.yaml at its top level; add the manifest (see examples/packages/)`,
    );
  const text = pkg.texts.get(name);
  if (text === undefined) throw new PackError('NOT_READABLE', `${name} is too large to be a manifest`);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  const e = doc.errors[0];
  if (e) {
    const pos = e.linePos?.[0];
    throw new PackError(
      'MANIFEST_YAML',
      `${name}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      pos?.line,
      pos?.col,
    );
  }
  let data: unknown;
  try {
    // the yaml package refuses an alias explosion ("billion laughs") here, with a ReferenceError
    data = doc.toJS();
  } catch (e) {
    throw new PackError('MANIFEST_YAML', `${name}: not valid YAML: ${(e as Error).message}`);
  }
  return {
    file: name,
    data,
    locate(path) {
      const segs = segments(path);
      for (let n = segs.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(segs.slice(0, n), true);
        if (isNode(node) && node.range) {
          const p = lc.linePos(node.range[0]);
          return { line: p.line, column: p.col };
        }
      }
      return {};
    },
  };
}
