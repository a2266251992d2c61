/**
 * The sources of a result, each listed once: conclusions cite {ref, article} (the kb's own references), and
 * the result carries the book that resolves a ref to its title, URL and grade.
 */
import type { CitedSource, Kb, SourceRef } from '@icpdesk/kb';
import type { SourceBook, SourceInfo } from './schemas/common.ts';

/** per kb: the listed form of each source, made once */
const infos = new WeakMap<Kb, Map<string, SourceInfo>>();

function infoOf(kb: Kb, ref: string): SourceInfo {
  let byRef = infos.get(kb);
  if (!byRef) {
    byRef = new Map();
    infos.set(kb, byRef);
  }
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

/**
 * per kb: the books made, in a tree by the refs they list in order (each node a ref; a book is frozen and
 * shared by every result that cites the same sources in the same order)
 */
interface Node {
  next: Map<string, Node>;
  book?: SourceBook;
}
const books = new WeakMap<Kb, { root: Node; nodes: number }>();

/**
 * the book of every source cited in `lists`, in the order first cited. Results that cite the same sources
 * in the same order get the same frozen book: its entries are not listed again for each, and a writer of
 * JSON bytes can keep its bytes (the server's json-bytes.ts).
 */
export function sourceBook(kb: Kb, lists: readonly (readonly SourceRef[])[]): SourceBook {
  let tree = books.get(kb);
  if (!tree) {
    tree = { root: { next: new Map() }, nodes: 0 };
    books.set(kb, tree);
  }
  // a bound on the tree: started again past it (a kb cites a few hundred sources; orders vary little)
  if (tree.nodes > 20_000) tree = { root: { next: new Map() }, nodes: 0 };
  const seen = new Set<string>();
  let node = tree.root;
  for (const list of lists)
    for (const s of list)
      if (!seen.has(s.ref)) {
        seen.add(s.ref);
        let n = node.next.get(s.ref);
        if (!n) {
          n = { next: new Map() };
          node.next.set(s.ref, n);
          tree.nodes++;
        }
        node = n;
      }
  if (node.book) return node.book;
  const book: SourceBook = Object.create(null); // no inherited keys: any ref is a plain key
  for (const ref of seen) book[ref] = infoOf(kb, ref);
  node.book = Object.freeze(book);
  books.set(kb, tree);
  return book;
}

/** citations resolved through a result's book: the full form, for display */
export function resolveSources(book: SourceBook, refs: readonly SourceRef[]): CitedSource[] {
  return refs.map((r) => {
    const info = book[r.ref] ?? { title: r.ref, grade: 'E' as const };
    return { ref: r.ref, ...(r.article ? { article: r.article } : {}), ...info };
  });
}
