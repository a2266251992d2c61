/**
 * The sources of a result, each listed once: conclusions cite {ref, article} (the kb's own references), and
 * the result carries the book that resolves a ref to its title, URL and grade.
 */
import type { CitedSource, Kb, SourceRef } from '@icpdesk/kb';
import type { SourceBook, SourceInfo } from './schemas/common.ts';

/** per kb: the listed form of each source, made once */
const infos = new WeakMap<Kb, Map<string, SourceInfo>>();

function infosOf(kb: Kb): Map<string, SourceInfo> {
  let byRef = infos.get(kb);
  if (!byRef) {
    byRef = new Map();
    infos.set(kb, byRef);
  }
  return byRef;
}

function infoOf(kb: Kb, ref: string, byRef = infosOf(kb)): SourceInfo {
  let info = byRef.get(ref);
  if (!info) {
    const s = kb.sources.get(ref);
    // the loader refuses a reference to an unknown source, so this is only reached for a kb built by hand
    // frozen: shared by every result that cites the source
    info = Object.freeze(
      s ? { title: s.title, ...(s.url ? { url: s.url } : {}), grade: s.grade } : { title: ref, grade: 'E' },
    );
    byRef.set(ref, info);
  }
  return info;
}

/** the book of every source cited in `lists`, in the order first cited */
export function sourceBook(kb: Kb, lists: readonly (readonly SourceRef[])[]): SourceBook {
  const book: SourceBook = Object.create(null); // no inherited keys: any ref is a plain key
  const byRef = infosOf(kb);
  for (const list of lists)
    for (const s of list) if (book[s.ref] === undefined) book[s.ref] = infoOf(kb, s.ref, byRef);
  return book;
}

/** citations resolved through a result's book: the full form, for display */
export function resolveSources(book: SourceBook, refs: readonly SourceRef[]): CitedSource[] {
  return refs.map((r) => {
    const info = book[r.ref] ?? { title: r.ref, grade: 'E' as const };
    return { ref: r.ref, ...(r.article ? { article: r.article } : {}), ...info };
  });
}
