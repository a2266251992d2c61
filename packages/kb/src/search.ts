/**
 * Full-text search over kb/ entries, for Chinese and English queries alike — whole questions as a user types
 * them (「EDI证过期了还能续吗？」) as well as single terms.
 *
 * Text is split into tokens by ICU's dictionary word segmenter (Intl.Segmenter, maintained with Node), plus
 * character bigrams of Chinese runs, so words the dictionary does not know (码号, 续期) still match. The
 * query drops the stopwords of kb/synonyms.yaml and is widened by its synonym groups (EDI证 also finds B21 and
 * 在线数据处理与交易处理业务), at a lower weight than the words typed. Entries are ranked with BM25 over two
 * fields: titles (ids, names, nicknames, aliases, the questions of answers) weigh more than bodies. The index
 * is built once per loaded kb.
 */
import type { Kb } from './loader.ts';
import type { Text } from './schema.ts';

export interface SearchHit {
  kind:
    | 'category'
    | 'activity'
    | 'permit'
    | 'filing'
    | 'parameter'
    | 'authority'
    | 'pitfall'
    | 'question'
    | 'check'
    | 'faq'
    | 'number'
    | 'number-rule'
    | 'penalty'
    | 'fee';
  id: string;
  name: Text;
  score: number;
  /** for an answer (faq): the answer itself */
  answer?: Text;
}

type Field = 'title' | 'body';
const fieldWeight: Record<Field, number> = { title: 3, body: 1 };
/**
 * BM25 constants: term-frequency saturation, and length normalisation by field — titles that list more
 * phrasings of a question are hardly penalised for it
 */
const k1 = 1.2;
const b: Record<Field, number> = { title: 0.3, body: 0.75 };
/** weight of a token that comes from a synonym rather than from the query */
const synonymWeight = 0.7;
/** a query of this many words or more is a question: answers (faq) weigh more */
const questionWords = 4;
const faqPrior = 1.4;
/** hits scoring below this share of the best hit are left out */
const relativeCutoff = 0.35;

interface Doc {
  hit: Omit<SearchHit, 'score'>;
  /** names, nicknames, aliases, questions: lower-cased, for whole-query matches */
  titles: string[];
  tf: Record<Field, Map<string, number>>;
  len: Record<Field, number>;
}

interface Index {
  docs: Doc[];
  /** documents containing each token */
  df: Map<string, number>;
  avgLen: Record<Field, number>;
  stopwords: Set<string>;
  /** the Chinese terms of the synonym groups, matched as words of their own */
  phrases: string[];
  /** each synonym group: its terms (lower-cased) and their tokens */
  groups: { terms: string[]; tokens: string[] }[];
}

const hasCjk = /[\u3400-\u9fff\uf900-\ufaff]/;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Chinese runs (segmented by ICU, one run at a time: much faster than whole texts) and Latin words */
const pieces = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:-[a-z0-9]+)*/g;

/** the words of a text, lower-cased, without punctuation */
function words(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.toLowerCase().match(pieces) ?? []) {
    if (!hasCjk.test(piece)) out.push(piece);
    else for (const s of segmenter.segment(piece)) if (s.isWordLike) out.push(s.segment);
  }
  return out;
}

function bigrams(run: string, out: string[], stopwords: ReadonlySet<string>): void {
  for (let i = 0; i + 1 < run.length; i++) {
    const x = run.slice(i, i + 2);
    if (!stopwords.has(x)) out.push(x);
  }
}

/**
 * The words of a text, the parts of hyphenated Latin words, and Chinese bigrams where the dictionary may have
 * missed a word: inside Chinese words of three or more characters, and across runs of single characters (码|号
 * gives 码号). Stopwords are dropped before the bigrams are formed.
 */
export function tokens(
  text: string,
  stopwords: ReadonlySet<string> = new Set(),
  phrases: readonly string[] = [],
): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  // the vocabulary's own words (许可证, 占用费), which the general dictionary may split
  for (const p of phrases)
    for (let i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + p.length)) out.push(p);
  let singles = '';
  const flush = () => {
    bigrams(singles, out, stopwords);
    singles = '';
  };
  for (const w of words(lower)) {
    if (stopwords.has(w)) {
      flush();
      continue;
    }
    out.push(w);
    if (!hasCjk.test(w)) {
      flush();
      if (w.includes('-')) out.push(...w.split('-').filter(Boolean));
    } else if (w.length === 1) singles += w;
    else {
      flush();
      if (w.length >= 3) bigrams(w, out, stopwords);
    }
  }
  flush();
  return out;
}

function counts(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

const texts = (...xs: (Text | undefined)[]) => xs.flatMap((x) => (x ? [x.zh, x.en] : []));

const indexes = new WeakMap<Kb, Index>();

/** every searchable entry of the kb with its title and body texts */
function entries(kb: Kb): { hit: Omit<SearchHit, 'score'>; titles: string[]; body: string[] }[] {
  const out: { hit: Omit<SearchHit, 'score'>; titles: string[]; body: string[] }[] = [];
  const add = (kind: SearchHit['kind'], id: string, name: Text, titles: string[], body: string[]) =>
    out.push({ hit: { kind, id, name }, titles: [id, name.zh, name.en, ...titles], body });
  for (const c of kb.categories.values())
    add(
      'category',
      c.id,
      c.name,
      [...c.nicknames, ...(c.scopes ?? []).flatMap((x) => [x.name.zh, x.name.en, ...x.nicknames])],
      [...texts(c.definition), ...(c.subtypes ?? []).flatMap((x) => texts(x.name))],
    );
  for (const a of kb.activities.values()) add('activity', a.id, a.name, a.aliases, texts(a.description));
  for (const p of kb.permits.values())
    add('permit', p.id, p.name, [], [...texts(p.description), p.issuer.zh]);
  for (const f of kb.filings.values()) add('filing', f.id, f.name, [], texts(f.description));
  for (const p of kb.parameters.values()) add('parameter', p.id, p.name, [], []);
  for (const a of kb.authorities.values())
    add('authority', a.id, a.name, [a.licencePrefix ?? '', ...texts(a.region)], []);
  for (const p of kb.pitfalls) add('pitfall', p.id, p.title, [], texts(p.message));
  for (const q of kb.questions.values()) add('question', q.id, q.text, [], texts(q.help));
  for (const c of kb.checks) add('check', c.id, c.name, [], texts(c.description));
  for (const f of kb.faqs.values()) {
    add('faq', f.id, f.question, f.asked, texts(f.answer));
    out[out.length - 1]!.hit.answer = f.answer;
  }
  for (const n of kb.numbers.values()) add('number', n.id, n.name, [n.pattern], texts(n.use, n.holders));
  for (const r of kb.numberRules) add('number-rule', r.id, r.name, [], texts(r.text));
  for (const p of kb.penalties.values())
    add('penalty', p.id, p.violation, [], texts(p.consequence, p.imposedBy));
  for (const f of kb.fees.values()) add('fee', f.id, f.name, [], texts(f.amount, f.note));
  return out;
}

function index(kb: Kb): Index {
  const cached = indexes.get(kb);
  if (cached) return cached;
  const stopwords = new Set(kb.synonyms.stopwords.map((w) => w.toLowerCase()));
  const phrases = [
    ...new Set(kb.synonyms.synonyms.flatMap((g) => g.terms.map((x) => x.toLowerCase()))),
  ].filter((x) => x.length >= 2 && hasCjk.test(x));
  const df = new Map<string, number>();
  const total: Record<Field, number> = { title: 0, body: 0 };
  const docs: Doc[] = entries(kb).map((e) => {
    const title = tokens(e.titles.filter(Boolean).join('\n'), stopwords, phrases);
    const body = tokens(e.body.join('\n'), stopwords, phrases);
    for (const t of new Set([...title, ...body])) df.set(t, (df.get(t) ?? 0) + 1);
    total.title += title.length;
    total.body += body.length;
    return {
      hit: e.hit,
      titles: e.titles.filter(Boolean).map((x) => x.toLowerCase()),
      tf: { title: counts(title), body: counts(body) },
      len: { title: title.length, body: body.length },
    };
  });
  const n = Math.max(docs.length, 1);
  const built: Index = {
    docs,
    df,
    avgLen: { title: total.title / n || 1, body: total.body / n || 1 },
    stopwords,
    phrases,
    groups: kb.synonyms.synonyms.map((g) => {
      const terms = g.terms.map((x) => x.toLowerCase());
      return { terms, tokens: [...new Set(terms.flatMap((x) => tokens(x, stopwords, phrases)))] };
    }),
  };
  indexes.set(kb, built);
  return built;
}

/**
 * The query: the tokens typed, and for each synonym group it touches, the group's other tokens — one concept,
 * which counts once (its best-matching token), at a lower weight than the words typed.
 */
interface Query {
  typed: Set<string>;
  groups: string[][];
}

function parseQuery(ix: Index, q: string): Query {
  const typed = new Set(tokens(q, ix.stopwords, ix.phrases));
  const typedWords = new Set(words(q));
  const groups: string[][] = [];
  for (const group of ix.groups) {
    // a one-character term only counts as a word of its own; longer terms anywhere in the query
    const hit = group.terms.some((term) => typedWords.has(term) || (term.length >= 2 && q.includes(term)));
    if (!hit) continue;
    const more = group.tokens.filter((t) => !typed.has(t));
    if (more.length > 0) groups.push(more);
  }
  return { typed, groups };
}

/** BM25 of one token in one entry, over the weighted fields */
function termScore(ix: Index, d: Doc, t: string): number {
  const df = ix.df.get(t);
  if (!df) return 0;
  let tf = 0;
  for (const f of ['title', 'body'] as const) {
    const raw = d.tf[f].get(t);
    if (raw) tf += (fieldWeight[f] * raw) / (1 - b[f] + (b[f] * d.len[f]) / ix.avgLen[f]);
  }
  if (tf === 0) return 0;
  const idf = Math.log(1 + (ix.docs.length - df + 0.5) / (df + 0.5));
  return (idf * tf * (k1 + 1)) / (tf + k1);
}

function bm25(ix: Index, d: Doc, query: Query): number {
  let score = 0;
  for (const t of query.typed) score += termScore(ix, d, t);
  for (const group of query.groups) {
    let best = 0;
    for (const t of group) best = Math.max(best, termScore(ix, d, t));
    score += synonymWeight * best;
  }
  return score;
}

/** Entries that match the query, best first. An empty query matches nothing. */
export function searchKb(kb: Kb, query: string, limit = 10): SearchHit[] {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/[\s?？!！。，,.]+$/u, '');
  if (!q) return [];
  const ix = index(kb);
  const parsed = parseQuery(ix, q);
  if (parsed.typed.size === 0 && parsed.groups.length === 0) return [];
  const asked = words(q).filter((w) => !ix.stopwords.has(w)).length >= questionWords;
  const scored: SearchHit[] = [];
  for (const d of ix.docs) {
    let score = bm25(ix, d, parsed);
    if (score === 0) continue;
    // a whole-query match of a name, nickname, alias or question decides over shared words
    if (d.titles.some((t) => t === q)) score *= 3;
    else if (q.length >= 2 && d.titles.some((t) => t.includes(q))) score *= 1.5;
    // a whole question is most likely after an answer
    if (asked && d.hit.kind === 'faq') score *= faqPrior;
    scored.push({ ...d.hit, score });
  }
  scored.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((h) => h.score >= best * relativeCutoff)
    .slice(0, limit)
    .map((h) => ({ ...h, score: Math.round(h.score * 100) / 100 }));
}
