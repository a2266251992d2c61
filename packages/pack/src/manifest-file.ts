/**
 * Finds and parses application.yaml in a read package, keeping a map from manifest paths (documents[2].file)
 * to line and column, so that every problem can point at its place in the file.
 */
import { isNode, LineCounter } from 'yaml';
import { PackError } from './errors.ts';
import { decodeManifest } from './manifest-encoding.ts';
import type { PackageContents } from './read-package.ts';
import { parseYamlSafely } from './safe-yaml.ts';

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
  if (pkg.manifests.has('application.yaml') || pkg.manifests.has('application.yml')) return '';
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
  const bytes = pkg.manifests.get(name);
  if (bytes === undefined) throw new PackError('NOT_READABLE', `${name} is too large to be a manifest`);
  const text = decodeManifest(name, bytes);
  const lc = new LineCounter();
  const parsed = parseYamlSafely(text, lc);
  if (!parsed.ok) {
    const p = parsed.problem;
    if (p.kind === 'too-complex') throw new PackError('MANIFEST_TOO_COMPLEX', `${name} ${p.message}`);
    throw new PackError(
      'MANIFEST_YAML',
      `${name}${p.line ? `:${p.line}:${p.column}` : ''}: not valid YAML: ${p.message}`,
      p.line,
      p.column,
    );
  }
  const { doc } = parsed;
  return {
    file: name,
    data: parsed.data,
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
