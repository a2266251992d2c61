/** Every `sources` list anywhere in the kb names entries of sources/. */
import type * as s from '../schema.ts';
import { fileKeys } from './files.ts';
import type { Issues, Parsed, Path } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';

export function checkSourceRefs(kb: ParsedKb, sources: Map<string, s.Source>, issues: Issues): void {
  for (const key of fileKeys) {
    const p = kb.parsed[key];
    if (p && kb.data[key]) checkRefsIn(p, kb.data[key], [], sources, issues);
  }
  for (const { p, a } of kb.activities) checkRefsIn(p, a, [], sources, issues);
  for (const { p, list } of kb.faqFiles) checkRefsIn(p, { faqs: list }, [], sources, issues);
  for (const { p, t } of kb.templates.list) checkRefsIn(p, t, [], sources, issues);
}

/** Walks a value of a file; each `sources` array in it is checked, anything else is walked into. */
function checkRefsIn(p: Parsed, value: unknown, path: Path, sources: Map<string, s.Source>, issues: Issues) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkRefsIn(p, v, [...path, i], sources, issues);
    });
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'sources' && Array.isArray(v)) {
      v.forEach((r: s.SourceRef, i) => {
        if (!sources.has(r.ref))
          issues.add(
            'KB_UNKNOWN_SOURCE',
            p.file,
            [...path, k, i, 'ref'],
            `unknown source "${r.ref}": add it to a file in sources/`,
            p,
          );
      });
    } else checkRefsIn(p, v, [...path, k], sources, issues);
  }
}
