/** One file: YAML into data that knows its lines, then data into a schema's type. */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Issues, Parsed, Path } from './issues.ts';

/** Parses one file of the kb; a missing file or invalid YAML is an issue and gives undefined. */
export function parseFile(texts: Map<string, string>, file: string, issues: Issues): Parsed | undefined {
  const raw = texts.get(file);
  if (raw === undefined) {
    issues.add('KB_FILE_MISSING', file, [], `missing: create ${file}`);
    return undefined;
  }
  const lc = new LineCounter();
  const doc = parseDocument(raw, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      issues.push({
        code: 'KB_YAML',
        file,
        path: '',
        message: e.message.split('\n')[0] ?? e.message,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
      });
    }
    return undefined;
  }
  const locate = (path: Path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lc.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
  return { file, data: doc.toJS(), locate };
}

/** Checks a parsed file against its schema; every schema issue is reported with its line. */
export function validate<T extends z.ZodType>(
  p: Parsed | undefined,
  schema: T,
  issues: Issues,
): z.infer<T> | undefined {
  if (!p) return undefined;
  const r = schema.safeParse(p.data);
  if (r.success) return r.data;
  for (const e of r.error.issues) {
    const path = e.path.filter((x): x is string | number => typeof x !== 'symbol');
    let message = e.message;
    if (e.code === 'unrecognized_keys')
      message = `unknown key${e.keys.length > 1 ? 's' : ''} ${e.keys.map((k) => `"${k}"`).join(', ')}`;
    issues.add('KB_SCHEMA', p.file, path, message, p);
  }
  return undefined;
}
